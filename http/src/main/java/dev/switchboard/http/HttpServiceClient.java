package dev.switchboard.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.Destination;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.internal.Callbacks;
import dev.switchboard.http.transport.HttpTransport;
import dev.switchboard.http.transport.HttpTransportFactory;
import dev.switchboard.pipeline.CallOptions;
import dev.switchboard.pipeline.CallPipeline;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.pipeline.ResponseClassifier;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A resilient HTTP/JSON client for one service: the seed's {@code HTTPServiceClient}, done
 * properly. Built from a {@link ServiceConfig} (a base URL or a discovery target), it finds
 * endpoints, balances, propagates deadline, correlation and trace context, retries within the
 * rules, and maps every failure onto a {@link dev.switchboard.errors.ServiceCallException}.
 *
 * <p>Every verb comes blocking and async. A blocking call runs its exchange on the caller's own
 * thread when it can (no hand-off); an interrupt cancels the call. An async call's future
 * completes on Switchboard's callback pool, never on a transport I/O thread, so a continuation
 * that blocks holds only a pool thread (see {@code docs/USER_GUIDE.md}, section 2). Extend it for a typed client, as the seed does:
 *
 * <pre>{@code
 * class UserServiceClient extends HttpServiceClient {
 *   UserServiceClient(ServiceConfig config) { super(config); }
 *   User getUser(String id) { return get(PathTemplate.expand("/users/{id}", id), User.class); }
 * }
 * }</pre>
 *
 * <p>Or declare an interface and let {@link #create(Class, ServiceConfig)} implement it.
 *
 * <p><b>Threading:</b> thread-safe; share one instance per destination. {@link #close()} stops
 * discovery and the client's I/O threads; calls after close fail.
 */
public class HttpServiceClient implements AutoCloseable {
  private final ServiceConfig config;
  private final BodyCodec codec;
  private final HttpTransport transport;
  private final Destination destination;
  private final CallPipeline pipeline;
  private final dev.switchboard.telemetry.DestinationStates.Registration published;
  private volatile boolean closed;

  /** A client for {@code config} with the default JSON codec ({@link BodyCodec#defaults()}). */
  public HttpServiceClient(ServiceConfig config) {
    this(config, BodyCodec.defaults());
  }

  /**
   * A client for {@code config} using Jackson 2 {@code codec} for bodies.
   *
   * @deprecated a {@link JsonCodec} is a {@link BodyCodec}: use {@link #HttpServiceClient(ServiceConfig, BodyCodec)}
   *     (kept for binary compatibility)
   */
  @Deprecated(since = "0.2")
  public HttpServiceClient(ServiceConfig config, JsonCodec codec) {
    this(config, (BodyCodec) codec);
  }

  /**
   * A client for {@code config} using {@code codec} for bodies ({@link JsonCodec},
   * {@link Jackson3Codec}, or your own), on the transport the config names
   * ({@link ServiceConfig#transport()}), else {@link HttpTransportFactory#defaults()}.
   *
   * @throws IllegalArgumentException if the config names a transport of another protocol, or a
   *     setting its transport cannot honour (the message says which and what to do)
   */
  public HttpServiceClient(ServiceConfig config, BodyCodec codec) {
    this.config = Objects.requireNonNull(config, "config");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.transport = HttpTransportFactory.of(config).create(config);
    try {
      this.destination = Destination.open(config);
    } catch (RuntimeException e) {
      transport.close(); // a bad health-check setting must not leak the transport's threads
      throw e;
    }
    this.pipeline = CallPipeline.assemble(config.name(), config.timeout(), config.filters(), config.policies(),
        destination, transport, ResponseClassifier.httpStatus());
    this.published = pipeline.publishState();
  }

  /**
   * Implements the declarative interface {@code api} (annotations in
   * {@code dev.switchboard.http.declarative}) on a new client for {@code config}; the proxy's
   * {@code close()}, if declared, closes that client.
   */
  public static <T> T create(Class<T> api, ServiceConfig config) {
    return DeclarativeProxy.create(api, new HttpServiceClient(config), true);
  }

  /**
   * Implements the declarative interface {@code api} on {@code client}, which the caller keeps
   * owning: the proxy's {@code close()}, if declared, does not close it (many proxies may share
   * one client).
   */
  public static <T> T create(Class<T> api, HttpServiceClient client) {
    return DeclarativeProxy.create(api, client, false);
  }

  /** The configuration. */
  public ServiceConfig config() {
    return config;
  }

  /** The name of the transport this client runs on: {@code apache} or {@code jdk}. */
  public String transportName() {
    return transport.name();
  }

  /** The codec of request and response bodies. */
  public BodyCodec bodyCodec() {
    return codec;
  }

  /**
   * The Jackson 2 codec.
   *
   * @deprecated use {@link #bodyCodec()}; this works only while the codec is a {@link JsonCodec}
   * @throws IllegalStateException when the client uses another codec (e.g. {@link Jackson3Codec})
   */
  @Deprecated(since = "0.2")
  public JsonCodec codec() {
    if (codec instanceof JsonCodec json) {
      return json;
    }
    throw new IllegalStateException("this client's codec is " + codec + ", not a Jackson 2 JsonCodec; use bodyCodec()");
  }

  /** Starts a request with full control over query, headers, body and options. */
  public HttpCall request(String method, String path) {
    return new HttpCall(this, method, path);
  }

  // ---- GET

  /** GET {@code path}, decoded to {@code type}. */
  public <T> T get(String path, Class<T> type) {
    return request("GET", path).send(type);
  }

  /** GET with query parameters. */
  public <T> T get(String path, Map<String, ?> query, Class<T> type) {
    return request("GET", path).query(query).send(type);
  }

  /** GET decoded to a generic type. */
  public <T> T get(String path, TypeReference<T> type) {
    return request("GET", path).send(type);
  }

  /** GET as a JSON tree, like the seed's {@code dict}. */
  public JsonNode getJson(String path) {
    return get(path, JsonNode.class);
  }

  public <T> CompletableFuture<T> getAsync(String path, Class<T> type) {
    return request("GET", path).sendAsync(type);
  }

  public <T> CompletableFuture<T> getAsync(String path, TypeReference<T> type) {
    return request("GET", path).sendAsync(type);
  }

  // ---- POST

  /** POST {@code body} as JSON. Not retried unless marked idempotent or given an Idempotency-Key. */
  public <T> T post(String path, Object body, Class<T> type) {
    return request("POST", path).body(body).send(type);
  }

  public <T> CompletableFuture<T> postAsync(String path, Object body, Class<T> type) {
    return request("POST", path).body(body).sendAsync(type);
  }

  // ---- PUT

  public <T> T put(String path, Object body, Class<T> type) {
    return request("PUT", path).body(body).send(type);
  }

  public <T> CompletableFuture<T> putAsync(String path, Object body, Class<T> type) {
    return request("PUT", path).body(body).sendAsync(type);
  }

  // ---- PATCH

  public <T> T patch(String path, Object body, Class<T> type) {
    return request("PATCH", path).body(body).send(type);
  }

  public <T> CompletableFuture<T> patchAsync(String path, Object body, Class<T> type) {
    return request("PATCH", path).body(body).sendAsync(type);
  }

  // ---- DELETE

  /** DELETE {@code path}, ignoring any body. */
  public void delete(String path) {
    request("DELETE", path).send(Void.class);
  }

  public CompletableFuture<Void> deleteAsync(String path) {
    return request("DELETE", path).sendAsync(Void.class);
  }

  <T> CompletableFuture<T> execute(Request request, CallOptions options, Type type) {
    if (closed) {
      throw new IllegalStateException("client for " + config.name() + " is closed");
    }
    // Off the transport's I/O thread before the caller's continuations run (see Callbacks).
    return Callbacks.handOff(pipeline.execute(request, options, response -> codec.<T>decode(response, type)));
  }

  <T> T executeBlocking(Request request, CallOptions options, Type type) {
    if (closed) {
      throw new IllegalStateException("client for " + config.name() + " is closed");
    }
    return pipeline.executeBlocking(request, options, response -> codec.<T>decode(response, type));
  }

  /** This client's live resilience state: retry budget, circuit breaker, concurrency limit. */
  public dev.switchboard.policy.DestinationPolicies policies() {
    return pipeline.policies();
  }

  /**
   * This client's live state, read-only: endpoints (health, ejection, latency, in flight, success
   * rate), retry budget, breaker, limit, hedge delay, discovery. Also listed by
   * {@link dev.switchboard.telemetry.DestinationStates#all()} while the client is open.
   */
  public dev.switchboard.telemetry.DestinationState state() {
    return pipeline.state();
  }

  /** The raw pipeline, for adapters. */
  protected CompletableFuture<Response> execute(Request request) {
    return execute(request, CallOptions.defaults(), Response.class);
  }

  /** The raw pipeline with per-call options, for adapters. */
  protected CompletableFuture<Response> execute(Request request, CallOptions options) {
    return execute(request, options, Response.class);
  }

  /** Stops discovery, health checks, and the transport's connections and threads. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    published.close();
    destination.close();
    transport.close();
  }

  @Override
  public String toString() {
    return "HttpServiceClient[" + config + "]";
  }
}

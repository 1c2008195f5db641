package dev.switchboard.http.internal;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.pipeline.Transport;
import dev.switchboard.time.Deadline;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * The HTTP transport on {@code java.net.http.HttpClient} (HTTP/1.1). It writes the wire headers
 * of DESIGN.md for each attempt, bounds the body, and maps JDK failures onto {@link ErrorKind}s.
 * Cancelling the returned future aborts the exchange (JDK 16+), so its connection is not reused.
 */
public final class JdkHttpTransport implements Transport {
  private final HttpClient client;
  private final ServiceConfig config;

  public JdkHttpTransport(HttpClient client, ServiceConfig config) {
    this.client = client;
    this.config = config;
  }

  /**
   * True: an exchange running inline in {@code HttpClient.send} is aborted from another thread by
   * interrupting its caller ({@link InterruptAbort}; the JDK cancels an interrupted exchange). So a
   * blocking call that may be hedged runs inline too, instead of paying {@code sendAsync}'s
   * completion hop, which starts a thread per call on machines with two cores or fewer.
   */
  @Override
  public boolean abortsInline() {
    return true;
  }

  @Override
  public CompletableFuture<Response> send(Attempt attempt, Request request) {
    HttpRequest httpRequest;
    try {
      httpRequest = toHttpRequest(attempt, request);
    } catch (ServiceCallException e) {
      return CompletableFuture.failedFuture(e);
    }
    long max = config.maxResponseBytes();
    CompletableFuture<Response> result = new CompletableFuture<>();
    JdkExchange exchange = new JdkExchange(attempt, result);
    // Complete from the body subscriber, on the client's executor, not from the future sendAsync
    // returns: the JDK hops that one through CompletableFuture's default async pool, which on a
    // machine with two cores or fewer starts a thread per task. The returned future still reports
    // connect failures and timeouts.
    // Inline, the caller's thread completes the result once send returns: completed from the body
    // here it could race the JDK waking that thread, and the attempt would end on a JDK thread.
    boolean inline = attempt.mayRunInline();
    HttpResponse.BodyHandler<byte[]> handler = info -> {
      long length = info.headers().firstValueAsLong("content-length").orElse(-1L);
      BoundedBodySubscriber body = length > max
          ? BoundedBodySubscriber.tooLargeUpFront(max, length) : new BoundedBodySubscriber(max, length);
      exchange.bodyStarted(body);
      if (inline) {
        return body;
      }
      body.getBody().whenComplete((bytes, error) -> {
        if (error == null) {
          result.complete(new Response(info.statusCode(), lowercase(info.headers()), bytes, attempt.endpoint()));
        } else {
          result.completeExceptionally(exchange.failure(error));
        }
      });
      return body;
    };
    result.whenComplete((r, e) -> exchange.ended());
    exchange.startTimer(config.timer(), attempt.deadline().orElse(null));
    if (inline) {
      sendInline(attempt, httpRequest, handler, result, exchange);
      return result;
    }
    Future<?> sent = client.sendAsync(httpRequest, handler).whenComplete((r, error) -> {
      if (error != null) {
        result.completeExceptionally(exchange.failure(error));
      }
    });
    // Cancelling our future, or the deadline, must abort the JDK exchange too.
    exchange.exchange(sent);
    return result;
  }

  /**
   * The exchange on the calling thread, for a blocking caller ({@link Attempt#mayRunInline()}):
   * no hand-off. It still ends on time: the JDK's request timeout covers the wait for the head,
   * and {@link JdkExchange} fails the body at the deadline, which makes {@code send} return.
   * The caller's own interrupt cancels it (the JDK then aborts the exchange).
   */
  private void sendInline(Attempt attempt, HttpRequest httpRequest, HttpResponse.BodyHandler<byte[]> handler,
      CompletableFuture<Response> result, JdkExchange exchange) {
    InterruptAbort abort = new InterruptAbort();
    if (!attempt.onAbort(abort)) {
      abort.ended();
      result.completeExceptionally(AttemptFailures.cancelled(attempt, null)); // aborted before it started
      return;
    }
    try {
      HttpResponse<byte[]> r = client.send(httpRequest, handler);
      result.complete(new Response(r.statusCode(), lowercase(r.headers()), r.body(), exchange.endpoint()));
    } catch (IOException | RuntimeException e) {
      result.completeExceptionally(abort.aborted() ? AttemptFailures.cancelled(attempt, e) : exchange.failure(e));
    } catch (InterruptedException e) {
      if (!abort.interruptedByAbort()) {
        Thread.currentThread().interrupt(); // the user's: the caller's wait sees it and cancels the call
      }
      result.completeExceptionally(exchange.interrupted(e));
    } finally {
      abort.ended(); // no interrupt of ours outlives the exchange
    }
  }

  HttpRequest toHttpRequest(Attempt attempt, Request request) {
    OutboundRequest out = OutboundRequest.of(attempt, request, config);
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create(out.scheme() + "://" + attempt.endpoint().address() + out.target()));
    for (int i = 0; i < out.headerCount(); i++) {
      b.header(out.headerName(i), out.headerValue(i));
    }
    if (out.deadline() != null) {
      // Covers the wait for the head only; JdkExchange bounds the body.
      b.timeout(Duration.ofMillis(Math.max(1, out.deadline().remainingMillis())));
    }
    byte[] body = out.body();
    b.method(out.method(), body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    return b.build();
  }

  private static Map<String, List<String>> lowercase(HttpHeaders headers) {
    Map<String, List<String>> out = new HashMap<>();
    headers.map().forEach((k, v) -> out.merge(k.toLowerCase(Locale.ROOT), v, (a, b) -> {
      List<String> all = new java.util.ArrayList<>(a);
      all.addAll(b);
      return all;
    }));
    return out;
  }
}

package dev.switchboard.http.internal;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.TraceContext;
import dev.switchboard.context.WireHeaders;
import dev.switchboard.errors.CancelledCallException;
import dev.switchboard.errors.DeadlineExceededException;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ProtocolException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.pipeline.Transport;
import dev.switchboard.time.Deadline;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * The HTTP transport on {@code java.net.http.HttpClient} (HTTP/1.1). It writes the wire headers
 * of DESIGN.md for each attempt, bounds the body, and maps JDK failures onto {@link ErrorKind}s.
 * Cancelling the returned future aborts the exchange (JDK 16+), so its connection is not reused.
 */
public final class JdkHttpTransport implements Transport {
  /**
   * True when {@code CompletableFuture}'s default async pool is a new thread per task, which is
   * the case whenever the common pool has fewer than two threads (machines with two cores or
   * fewer, a common container size). The JDK's public {@code sendAsync} hops every completion
   * through that pool, so there it would start a thread per response.
   */
  static final boolean ASYNC_POOL_IS_THREAD_PER_TASK = ForkJoinPool.getCommonPoolParallelism() <= 1;

  private final HttpClient client;
  private final ServiceConfig config;
  private final ExecutorService blockingExecutor;

  /** A transport that always uses {@code sendAsync}. */
  public JdkHttpTransport(HttpClient client, ServiceConfig config) {
    this(client, config, null);
  }

  /**
   * A transport that, on machines where {@code sendAsync} would start a thread per response,
   * runs the JDK's blocking {@code send} on {@code executor} instead (a pooled thread per
   * in-flight exchange; cancelling interrupts it, and the JDK then aborts the exchange).
   *
   * @param executor the client's I/O executor, or null to always use {@code sendAsync}
   */
  public JdkHttpTransport(HttpClient client, ServiceConfig config, ExecutorService executor) {
    this.client = client;
    this.config = config;
    this.blockingExecutor = ASYNC_POOL_IS_THREAD_PER_TASK ? executor : null;
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
    // Complete from the body subscriber, on the client's executor, not from the future sendAsync
    // returns: that one is first hopped through CompletableFuture's default async pool (see
    // ASYNC_POOL_IS_THREAD_PER_TASK). The returned future still reports connect failures and timeouts.
    HttpResponse.BodyHandler<byte[]> handler = info -> {
      long length = info.headers().firstValueAsLong("content-length").orElse(-1L);
      BoundedBodySubscriber body = length > max
          ? BoundedBodySubscriber.tooLargeUpFront(max, length) : new BoundedBodySubscriber(max, length);
      body.getBody().whenComplete((bytes, error) -> {
        if (error == null) {
          result.complete(new Response(info.statusCode(), lowercase(info.headers()), bytes, attempt.endpoint()));
        } else {
          result.completeExceptionally(mapFailure(error, attempt));
        }
      });
      return body;
    };
    if (attempt.mayRunInline()) {
      sendInline(httpRequest, handler, result, attempt);
      return result;
    }
    Future<?> exchange = blockingExecutor != null
        ? sendBlocking(httpRequest, handler, result, attempt)
        : client.sendAsync(httpRequest, handler).whenComplete((r, error) -> {
          if (error != null) {
            result.completeExceptionally(mapFailure(error, attempt));
          }
        });
    // Cancelling our future must abort the JDK exchange too.
    result.whenComplete((r, e) -> {
      if (result.isCancelled()) {
        exchange.cancel(true);
      }
    });
    return result;
  }

  /**
   * The exchange on the calling thread, for a blocking caller ({@link Attempt#mayRunInline()}):
   * no hand-off. It still ends on time (the JDK's request timeout is the attempt's deadline), and
   * the caller's own interrupt cancels it (the JDK then aborts the exchange).
   */
  private void sendInline(HttpRequest httpRequest, HttpResponse.BodyHandler<byte[]> handler,
      CompletableFuture<Response> result, Attempt attempt) {
    try {
      client.send(httpRequest, handler);
    } catch (IOException | RuntimeException e) {
      result.completeExceptionally(mapFailure(e, attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the caller's wait sees it and cancels the call
      result.completeExceptionally(new CancelledCallException(
          "exchange with " + attempt.endpoint().address() + " interrupted", e));
    }
  }

  private Future<?> sendBlocking(HttpRequest httpRequest, HttpResponse.BodyHandler<byte[]> handler,
      CompletableFuture<Response> result, Attempt attempt) {
    try {
      return blockingExecutor.submit(() -> {
        try {
          client.send(httpRequest, handler); // interrupted by cancel: the JDK aborts the exchange
        } catch (IOException | RuntimeException e) {
          result.completeExceptionally(mapFailure(e, attempt));
        } catch (InterruptedException e) {
          // Cancelled (then this is a no-op) or the client is closing.
          result.completeExceptionally(new CancelledCallException(
              "exchange with " + attempt.endpoint().address() + " interrupted (cancelled or client closed)", e));
        }
      });
    } catch (RejectedExecutionException closed) {
      result.completeExceptionally(new IllegalStateException("client is closed", closed));
      return result;
    }
  }

  HttpRequest toHttpRequest(Attempt attempt, Request request) {
    URI uri = URI.create(config.scheme() + "://" + attempt.endpoint().address() + config.pathPrefix() + request.path());
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
      for (String v : h.getValue()) {
        b.header(h.getKey(), v);
      }
    }
    CallContext ctx = attempt.context();
    ctx.correlationId().ifPresent(id -> b.setHeader(WireHeaders.REQUEST_ID, id));
    ctx.trace().ifPresent(t -> writeTrace(b, t));
    b.setHeader(WireHeaders.REQUEST_ATTEMPT, Integer.toString(attempt.number()));
    if (attempt.hedge()) {
      b.setHeader(WireHeaders.REQUEST_HEDGE, "1");
    }
    // The attempt's deadline: the call's, or earlier under a per-attempt timeout.
    Deadline deadline = attempt.deadline().orElse(null);
    if (deadline != null) {
      long remainingMs = deadline.remainingMillis() - config.deadlineMargin().toMillis();
      if (remainingMs <= 0) {
        throw new DeadlineExceededException("no time left to send attempt " + attempt.number()
            + " (after the " + config.deadlineMargin().toMillis() + " ms safety margin)", attempt.number() == 1);
      }
      b.setHeader(WireHeaders.REQUEST_TIMEOUT_MS, Long.toString(remainingMs));
      b.timeout(Duration.ofMillis(Math.max(1, deadline.remainingMillis())));
    }
    byte[] body = request.body();
    b.method(request.method(), body == null || body.length == 0
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    return b.build();
  }

  private static void writeTrace(HttpRequest.Builder b, TraceContext t) {
    b.setHeader(WireHeaders.TRACEPARENT, t.toTraceparent());
    t.traceState().ifPresent(s -> b.setHeader(WireHeaders.TRACESTATE, s));
  }

  static ServiceCallException mapFailure(Throwable error, Attempt attempt) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof ServiceCallException sce) {
      return sce;
    }
    String where = " (" + attempt.endpoint().address() + ", attempt " + attempt.number() + ")";
    if (t instanceof HttpConnectTimeoutException) {
      return new TransportException(ErrorKind.CONNECT_FAILED, "connect timed out" + where, true, t);
    }
    if (t instanceof HttpTimeoutException) {
      return callDeadlineSetTheTimeout(attempt)
          ? new DeadlineExceededException("deadline exceeded waiting for the response" + where, false)
          : new TransportException(ErrorKind.TIMEOUT, "attempt timed out" + where, false, t);
    }
    if (t instanceof ConnectException || t.getCause() instanceof ConnectException) {
      return new TransportException(ErrorKind.CONNECT_FAILED, "connection refused" + where, true, t);
    }
    if (t instanceof IOException || t instanceof ClosedChannelException) {
      return new TransportException(ErrorKind.CONNECT_FAILED,
          "connection closed or reset before a complete response: " + t.getMessage() + where, false, t);
    }
    if (t instanceof IllegalArgumentException) {
      return new ProtocolException(ErrorKind.PROTOCOL_ERROR, "invalid request: " + t.getMessage() + where, t);
    }
    return new ProtocolException(ErrorKind.PROTOCOL_ERROR, "unexpected transport failure: " + t + where, t);
  }

  /**
   * True when the HTTP timeout that fired came from the call's deadline rather than a shorter
   * per-attempt timeout. Asked instead of "has the deadline passed?", because the JDK's timer can
   * fire a fraction of a millisecond before our ticker says the deadline has passed.
   */
  private static boolean callDeadlineSetTheTimeout(Attempt attempt) {
    Deadline call = attempt.call().deadline().orElse(null);
    if (call == null) {
      return false;
    }
    Deadline sent = attempt.context().deadline().orElse(call);
    return sent == call || call.isExpired() || call.remainingNanos() <= sent.remainingNanos();
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

package dev.switchboard.http.internal.apache;

import dev.switchboard.http.internal.AttemptFailures;
import dev.switchboard.http.internal.ExchangeTimer;
import dev.switchboard.http.internal.OutboundRequest;
import dev.switchboard.pipeline.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.EndpointInfo;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;

/**
 * One exchange on Apache HttpClient's async client (HTTP/1.1 or HTTP/2), for async and hedged
 * calls. Cancelling the returned future, or the attempt's deadline passing, cancels HttpClient's
 * exchange, which closes its HTTP/1.1 connection or resets its HTTP/2 stream: the server sees the
 * abort. Thread-safe.
 */
final class AsyncExchange implements FutureCallback<Response> {
  private final OutboundRequest out;
  private final BoundedResponseConsumer consumer;
  private final CompletableFuture<Response> result = new CompletableFuture<>();
  private final boolean http1Only;
  private volatile Future<Response> exchange;
  private volatile AsyncExecRuntime runtime;
  private volatile ExchangeTimer timer;
  private volatile boolean aborted;

  private AsyncExchange(OutboundRequest out, long maxBytes, boolean http1Only) {
    this.out = out;
    this.http1Only = http1Only;
    this.consumer = new BoundedResponseConsumer(maxBytes, out.attempt().endpoint());
  }

  /**
   * @param http1Only true when the client speaks HTTP/1.1 only; otherwise each abort asks the
   *     connection what it negotiated (an h2 request may have fallen back to HTTP/1.1)
   */
  static CompletableFuture<Response> start(CloseableHttpAsyncClient client, HttpHost host,
      OutboundRequest out, long maxBytes, boolean http1Only) {
    AsyncExchange x = new AsyncExchange(out, maxBytes, http1Only);
    BasicHttpRequest request = new BasicHttpRequest(out.method(), host, out.target());
    for (int i = 0; i < out.headerCount(); i++) {
      request.addHeader(out.headerName(i), out.headerValue(i));
    }
    AsyncEntityProducer entity = out.body() == null ? null : new BasicAsyncEntityProducer(out.body(), null);
    HttpClientContext context = HttpClientContext.create();
    context.setAttribute(AbortHook.EXCHANGE, x);
    x.exchange = client.execute(new BasicRequestProducer(request, entity), x.consumer, null, context, x);
    x.timer = ExchangeTimer.start(out, x::abort);
    x.result.whenComplete((r, e) -> {
      x.stopTimer();
      if (x.result.isCancelled()) {
        x.abort(); // a hedge loser or a finished call: abort on the wire
      }
    });
    return x.result;
  }

  /** Called by {@link AbortHook} on an I/O thread as the exchange starts. */
  void runtime(AsyncExecRuntime runtime) {
    this.runtime = runtime;
    if (aborted) {
      abort();
    }
  }

  private void abort() {
    aborted = true;
    Future<Response> f = exchange;
    if (f != null) {
      f.cancel(true);
    }
    AsyncExecRuntime r = runtime;
    if (r != null && carriesOneExchange(r)) {
      r.discardEndpoint(); // closes the connection at once (RST), even mid-body
    }
  }

  /**
   * True when the exchange's connection is HTTP/1.1: aborting the exchange must close it (HTTP/2
   * instead resets the one stream and keeps the connection for the others). Asked at abort time,
   * because HTTP/2 over TLS falls back to HTTP/1.1 when the server offers no h2 by ALPN.
   */
  private boolean carriesOneExchange(AsyncExecRuntime r) {
    if (http1Only) {
      return true;
    }
    EndpointInfo info = r.getEndpointInfo();
    ProtocolVersion negotiated = info == null ? null : info.getProtocol();
    return negotiated != null && !negotiated.greaterEquals(HttpVersion.HTTP_2);
  }

  private void stopTimer() {
    ExchangeTimer t = timer;
    if (t != null) {
      t.cancel();
    }
  }

  private boolean deadlineFired() {
    ExchangeTimer t = timer;
    return t != null && t.fired();
  }

  @Override
  public void completed(Response response) {
    result.complete(response);
  }

  @Override
  public void failed(Exception error) {
    result.completeExceptionally(ApacheFailures.map(error, out, consumer.headReceived(),
        deadlineFired(), result.isCancelled()));
  }

  @Override
  public void cancelled() {
    result.completeExceptionally(deadlineFired()
        ? AttemptFailures.outOfTime(out.attempt(), consumer.headReceived() ? "while reading the body" : "waiting for the response", null)
        : AttemptFailures.cancelled(out.attempt(), null));
  }
}

package dev.switchboard.http.internal.apache;

import dev.switchboard.http.internal.AttemptFailures;
import dev.switchboard.http.internal.ExchangeTimer;
import dev.switchboard.http.internal.OutboundRequest;
import dev.switchboard.pipeline.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;

/**
 * One exchange on Apache HttpClient's async client (HTTP/1.1 or HTTP/2), for async and hedged
 * calls. The returned future completes on one of the client's I/O threads. Cancelling it, or the
 * attempt's deadline passing, cancels HttpClient's exchange, which closes its HTTP/1.1 connection
 * or resets its HTTP/2 stream: the server sees the abort. Thread-safe.
 */
final class AsyncExchange implements FutureCallback<Response> {
  private final OutboundRequest out;
  private final BoundedResponseConsumer consumer;
  private final CompletableFuture<Response> result = new CompletableFuture<>();
  private final boolean dropConnectionOnAbort;
  private volatile Future<Response> exchange;
  private volatile AsyncExecRuntime runtime;
  private volatile ExchangeTimer timer;
  private volatile boolean aborted;

  private AsyncExchange(OutboundRequest out, long maxBytes, boolean dropConnectionOnAbort) {
    this.out = out;
    this.dropConnectionOnAbort = dropConnectionOnAbort;
    this.consumer = new BoundedResponseConsumer(maxBytes, out.attempt().endpoint());
  }

  /**
   * @param dropConnectionOnAbort true for HTTP/1.1, where an aborted exchange must close its
   *     connection; false for HTTP/2, where cancelling resets only the exchange's stream
   */
  static CompletableFuture<Response> start(CloseableHttpAsyncClient client, HttpHost host,
      OutboundRequest out, long maxBytes, boolean dropConnectionOnAbort) {
    AsyncExchange x = new AsyncExchange(out, maxBytes, dropConnectionOnAbort);
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
    if (r != null && dropConnectionOnAbort) {
      r.discardEndpoint(); // closes the connection at once (RST), even mid-body
    }
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

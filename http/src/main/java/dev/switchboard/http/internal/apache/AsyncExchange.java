package dev.switchboard.http.internal.apache;

import dev.switchboard.http.internal.AttemptFailures;
import dev.switchboard.http.internal.ExchangeTimer;
import dev.switchboard.http.internal.OutboundRequest;
import dev.switchboard.pipeline.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
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
  private volatile Future<Response> exchange;
  private volatile ExchangeTimer timer;

  private AsyncExchange(OutboundRequest out, long maxBytes) {
    this.out = out;
    this.consumer = new BoundedResponseConsumer(maxBytes, out.attempt().endpoint());
  }

  static CompletableFuture<Response> start(CloseableHttpAsyncClient client, HttpHost host,
      OutboundRequest out, long maxBytes) {
    AsyncExchange x = new AsyncExchange(out, maxBytes);
    BasicHttpRequest request = new BasicHttpRequest(out.method(), host, out.target());
    for (int i = 0; i < out.headerCount(); i++) {
      request.addHeader(out.headerName(i), out.headerValue(i));
    }
    AsyncEntityProducer entity = out.body() == null ? null : new BasicAsyncEntityProducer(out.body(), null);
    x.exchange = client.execute(new BasicRequestProducer(request, entity), x.consumer, null, null, x);
    x.timer = ExchangeTimer.start(out, x::abort);
    x.result.whenComplete((r, e) -> {
      x.stopTimer();
      if (x.result.isCancelled()) {
        x.abort(); // a hedge loser or a finished call: abort on the wire
      }
    });
    return x.result;
  }

  private void abort() {
    Future<Response> f = exchange;
    if (f != null) {
      f.cancel(true);
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

package dev.switchboard.http.internal.apache;

import java.io.IOException;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

/**
 * The outermost step of the async client's chain: hands each exchange's runtime to its
 * {@link AsyncExchange}, so an abort can drop the HTTP/1.1 connection itself. Cancelling
 * HttpClient's future alone leaves a connection that is still receiving a body open until the
 * body ends (HttpClient drains it for reuse), which a dripping server can make last forever.
 * Stateless and thread-safe.
 */
final class AbortHook implements AsyncExecChainHandler {
  static final String NAME = "switchboard-abort";
  static final String EXCHANGE = "dev.switchboard.exchange";

  @Override
  public void execute(HttpRequest request, AsyncEntityProducer entityProducer, AsyncExecChain.Scope scope,
      AsyncExecChain chain, AsyncExecCallback asyncExecCallback) throws HttpException, IOException {
    if (scope.clientContext.getAttribute(EXCHANGE) instanceof AsyncExchange exchange) {
      exchange.runtime(scope.execRuntime);
    }
    chain.proceed(request, entityProducer, scope, asyncExecCallback);
  }
}

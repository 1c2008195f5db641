package dev.switchboard.pipeline;

import java.util.concurrent.CompletableFuture;

/**
 * The one interface of the call pipeline. A filter sees the request, may change it, short-circuit
 * with its own response, or call {@link Chain#proceed} (possibly several times, possibly
 * concurrently, as retries and hedges do) and adapt the result. Built-in policies (breaker, limit,
 * retries, hedging) are filters too.
 *
 * <p><b>Threading:</b> a filter instance serves every call of a client concurrently; it must be
 * thread-safe and must not block: return a future instead. Failures are reported by completing
 * the future exceptionally with a {@link dev.switchboard.errors.ServiceCallException}.
 *
 * <pre>{@code
 * Filter auth = (request, chain) ->
 *     chain.proceed(request.toBuilder().setHeader("authorization", token()).build());
 * }</pre>
 */
@FunctionalInterface
public interface Filter {
  /** Handles {@code request}, usually by returning {@code chain.proceed(request)}. */
  CompletableFuture<Response> filter(Request request, Chain chain);
}

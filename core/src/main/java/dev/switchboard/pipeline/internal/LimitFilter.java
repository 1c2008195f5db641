package dev.switchboard.pipeline.internal;

import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.Filter;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.policy.ConcurrencyLimit;
import java.util.concurrent.CompletableFuture;

/**
 * The concurrency-limit step: a call holds one slot for its whole life, retries included. When
 * the limit is full it waits at most {@code maxWait}, clipped to its remaining time, then fails
 * with {@code CONCURRENCY_LIMITED}. Each finished call feeds the adaptive algorithm its latency
 * and whether it was an overload signal.
 */
public final class LimitFilter implements Filter {
  private final ConcurrencyLimit limit;
  private final long maxWaitNanos;

  public LimitFilter(ConcurrencyLimit limit) {
    this.limit = limit;
    this.maxWaitNanos = limit.config().maxWait().toNanos();
  }

  @Override
  public CompletableFuture<Response> filter(Request request, Chain chain) {
    if (limit.tryAcquire()) {
      return run(request, chain);
    }
    Call call = chain.call();
    long wait = Math.min(maxWaitNanos, call.remainingNanos());
    return limit.acquire(wait).thenCompose(granted -> run(request, chain));
  }

  private CompletableFuture<Response> run(Request request, Chain chain) {
    Call call = chain.call();
    long start = call.ticker().nanoTime();
    CompletableFuture<Response> result;
    try {
      result = chain.proceed(request);
    } catch (RuntimeException e) {
      limit.releaseIgnored();
      throw e;
    }
    return result.whenComplete((response, error) -> {
      Outcomes.Verdict verdict = Outcomes.verdict(error, call);
      if (verdict == Outcomes.Verdict.IGNORED) {
        limit.releaseIgnored();
      } else {
        limit.release(call.ticker().nanoTime() - start, Outcomes.overloaded(verdict, error));
      }
    });
  }

  @Override
  public String toString() {
    return "LimitFilter[" + limit + "]";
  }
}

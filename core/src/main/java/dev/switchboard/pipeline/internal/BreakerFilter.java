package dev.switchboard.pipeline.internal;

import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.Filter;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.policy.CircuitBreaker;
import java.util.concurrent.CompletableFuture;

/**
 * The breaker step: a call passes only with a permit, and its final outcome (after retries) is
 * reported to the state that granted it ({@link Outcomes#verdict}). Refused calls fail fast with
 * {@code CIRCUIT_OPEN} and send nothing. A filter placed after the user filters, so a user filter
 * that answers itself never reaches the breaker. Thread-safe.
 */
public final class BreakerFilter implements Filter {
  private final CircuitBreaker breaker;

  public BreakerFilter(CircuitBreaker breaker) {
    this.breaker = breaker;
  }

  @Override
  public CompletableFuture<Response> filter(Request request, Chain chain) {
    CircuitBreaker.Permit permit = breaker.tryAcquire();
    if (permit == null) {
      return CompletableFuture.failedFuture(breaker.openError());
    }
    return chain.proceed(request).whenComplete((response, error) -> {
      switch (Outcomes.verdict(error, chain.call())) {
        case SUCCESS -> permit.onSuccess();
        case FAILURE -> permit.onFailure();
        case IGNORED -> permit.onIgnored();
      }
    });
  }

  @Override
  public String toString() {
    return "BreakerFilter[" + breaker + "]";
  }
}

package dev.switchboard.internal;

import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.Filter;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code maxRetries} made real: retries a retryable failure of an idempotent request (or of any
 * request that provably never reached the server) up to {@code maxRetries} times, each on a
 * different endpoint where one exists, after a full-jitter exponential backoff (25 ms base, x2,
 * 1 s cap) that is never scheduled past the deadline.
 */
public final class SimpleRetryFilter implements Filter {
  private static final long BASE_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
  private static final long CAP_NANOS = TimeUnit.SECONDS.toNanos(1);
  private final int maxRetries;

  public SimpleRetryFilter(int maxRetries) {
    this.maxRetries = maxRetries;
  }

  @Override
  public CompletableFuture<Response> filter(Request request, Chain chain) {
    CompletableFuture<Response> result = new CompletableFuture<>();
    attempt(request, chain, 0, result);
    return result;
  }

  private void attempt(Request request, Chain chain, int retriesDone, CompletableFuture<Response> result) {
    chain.proceed(request).whenComplete((response, error) -> {
      if (error == null) {
        result.complete(response);
        return;
      }
      ServiceCallException failure = EndpointAttempt.asServiceError(error);
      Call call = chain.call();
      String refusal = refusal(request, failure, retriesDone, call);
      if (refusal != null) {
        if (retriesDone > 0 || !failure.retryable()) {
          call.telemetry().onRetryRefused(call.info(), refusal, failure);
        }
        result.completeExceptionally(failure);
        return;
      }
      long backoff = backoffNanos(retriesDone + 1);
      long remaining = call.deadline().map(d -> d.remainingNanos()).orElse(Long.MAX_VALUE);
      if (backoff >= remaining) {
        failure.recordRetryRefusal("backoff would pass the deadline");
        result.completeExceptionally(failure);
        return;
      }
      call.telemetry().onRetry(call.info(), call.attempts() + 1, Duration.ofNanos(backoff), failure);
      call.scheduler().schedule(() -> attempt(request, chain, retriesDone + 1, result), backoff, TimeUnit.NANOSECONDS);
    });
  }

  private String refusal(Request request, ServiceCallException failure, int retriesDone, Call call) {
    if (call.isFinished()) {
      return "call finished";
    }
    if (!failure.retryable()) {
      return failure.kind() + " is not retryable";
    }
    boolean neverSent = failure instanceof TransportException t && t.neverSent();
    if (!request.idempotent() && !neverSent) {
      failure.recordRetryRefusal(request.method() + " is not idempotent (set an Idempotency-Key or mark it idempotent)");
      return "not idempotent";
    }
    if (retriesDone >= maxRetries) {
      failure.recordRetryRefusal("maxRetries (" + maxRetries + ") reached");
      return "max retries reached";
    }
    return null;
  }

  static long backoffNanos(int retry) {
    long ceiling = BASE_NANOS;
    for (int i = 1; i < retry && ceiling < CAP_NANOS; i++) {
      ceiling *= 2;
    }
    return ThreadLocalRandom.current().nextLong(Math.min(ceiling, CAP_NANOS) + 1);
  }

  static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }
}

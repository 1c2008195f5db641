package dev.switchboard.grpc.internal;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.grpc.GrpcErrors;
import dev.switchboard.policy.RetryPolicy;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;

/** How {@link AttemptsCall} classifies a failed attempt for core's retry rules. Stateless. */
final class AttemptFailures {
  private AttemptFailures() {}

  /**
   * The failure of an attempt. {@code perAttemptTimeout} is non-null when the attempt ran out of
   * its own timeout while the call still had time: that is a retryable {@code TIMEOUT}, as on
   * HTTP, not the call's {@code DEADLINE_EXCEEDED}.
   */
  static ServiceCallException classify(Status status, Metadata trailers, Duration perAttemptTimeout) {
    if (perAttemptTimeout != null) {
      return new TransportException(ErrorKind.TIMEOUT,
          "attempt timed out after " + perAttemptTimeout.toMillis() + " ms", false, null);
    }
    return GrpcErrors.toException(status, trailers);
  }

  /**
   * {@code failure} as {@code policy} should judge it: {@code retryOnStatus} lists HTTP statuses,
   * so a gRPC status failure is compared through its HTTP analogue ({@link GrpcErrors#httpAnalogue}).
   */
  static ServiceCallException forPolicy(RetryPolicy policy, ServiceCallException failure) {
    if (failure instanceof StatusException s && !policy.retryOnStatus().isEmpty()) {
      return new StatusException(s.kind(), GrpcErrors.httpAnalogue(Status.fromCodeValue(s.status()).getCode()),
          s.bodySnippet(), s.retryAfter().orElse(null), s.doNotRetry());
    }
    return failure;
  }
}

package dev.switchboard.grpc;

import dev.switchboard.errors.CancelledCallException;
import dev.switchboard.errors.DeadlineExceededException;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.context.Pushback;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Maps gRPC {@link Status} codes onto Switchboard's {@link ErrorKind} taxonomy, so a gRPC failure
 * is classified, retried and counted against an endpoint exactly like its HTTP counterpart.
 *
 * <table>
 *   <caption>Status code to ErrorKind (HTTP equivalent)</caption>
 *   <tr><th>code</th><th>kind</th><th>HTTP analogue</th></tr>
 *   <tr><td>CANCELLED</td><td>CANCELLED</td><td>client went away</td></tr>
 *   <tr><td>DEADLINE_EXCEEDED</td><td>DEADLINE_EXCEEDED</td><td>deadline passed</td></tr>
 *   <tr><td>RESOURCE_EXHAUSTED</td><td>RATE_LIMITED</td><td>429</td></tr>
 *   <tr><td>UNAVAILABLE</td><td>SERVER_ERROR, or CONNECT_FAILED when the connection failed</td><td>503 / refused</td></tr>
 *   <tr><td>UNKNOWN, INTERNAL, DATA_LOSS</td><td>SERVER_ERROR</td><td>500</td></tr>
 *   <tr><td>INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED, UNAUTHENTICATED,
 *       FAILED_PRECONDITION, ABORTED, OUT_OF_RANGE, UNIMPLEMENTED</td><td>CLIENT_ERROR</td><td>4xx</td></tr>
 * </table>
 *
 * <p>{@code grpc-retry-pushback-ms} in the trailers is read like {@code x-retry-pushback-ms}: a
 * positive value is the endpoint's back-off, a negative one means "do not retry at any layer"
 * (gRPC A6), which makes {@link ServiceCallException#retryable()} false.
 *
 * <p>Stateless and thread-safe.
 */
public final class GrpcErrors {
  /** The trailer a server uses to push back (gRPC A6). */
  public static final Metadata.Key<String> PUSHBACK_KEY =
      Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);

  private static final Map<Status.Code, ErrorKind> KINDS = new EnumMap<>(Status.Code.class);

  static {
    KINDS.put(Status.Code.CANCELLED, ErrorKind.CANCELLED);
    KINDS.put(Status.Code.UNKNOWN, ErrorKind.SERVER_ERROR);
    KINDS.put(Status.Code.INVALID_ARGUMENT, ErrorKind.CLIENT_ERROR);
    KINDS.put(Status.Code.DEADLINE_EXCEEDED, ErrorKind.DEADLINE_EXCEEDED);
    KINDS.put(Status.Code.NOT_FOUND, ErrorKind.CLIENT_ERROR);
    KINDS.put(Status.Code.ALREADY_EXISTS, ErrorKind.CLIENT_ERROR);
    KINDS.put(Status.Code.PERMISSION_DENIED, ErrorKind.CLIENT_ERROR);
    KINDS.put(Status.Code.RESOURCE_EXHAUSTED, ErrorKind.RATE_LIMITED);
    KINDS.put(Status.Code.FAILED_PRECONDITION, ErrorKind.CLIENT_ERROR);
    // ABORTED is a conflict (HTTP 409): the caller must re-read and retry at a higher level.
    KINDS.put(Status.Code.ABORTED, ErrorKind.CLIENT_ERROR);
    KINDS.put(Status.Code.OUT_OF_RANGE, ErrorKind.CLIENT_ERROR);
    // The method does not exist on that server; another replica runs the same build.
    KINDS.put(Status.Code.UNIMPLEMENTED, ErrorKind.CLIENT_ERROR);
    KINDS.put(Status.Code.INTERNAL, ErrorKind.SERVER_ERROR);
    KINDS.put(Status.Code.UNAVAILABLE, ErrorKind.SERVER_ERROR);
    KINDS.put(Status.Code.DATA_LOSS, ErrorKind.SERVER_ERROR);
    KINDS.put(Status.Code.UNAUTHENTICATED, ErrorKind.CLIENT_ERROR);
  }

  private GrpcErrors() {}

  /** The kind of a failed status; null for {@code OK}. Ignores pushback and causes. */
  public static ErrorKind kind(Status.Code code) {
    return KINDS.get(code);
  }

  /**
   * True if another attempt of the call could succeed: the code's kind is retryable and the
   * trailers carry no negative {@code grpc-retry-pushback-ms}. Agrees with the HTTP side: the
   * same condition over there gives the same answer.
   */
  public static boolean retryable(Status status, Metadata trailers) {
    return !status.isOk() && toException(status, trailers).retryable();
  }

  /** The pushback in {@code trailers}: null when absent or garbage, negative for "do not retry". */
  public static Duration pushback(Metadata trailers) {
    return trailers == null ? null : Pushback.parsePushbackMillis(trailers.get(PUSHBACK_KEY));
  }

  /** {@link #toException(Status, Metadata)} for a thrown gRPC exception. */
  public static ServiceCallException toException(Throwable t) {
    if (t instanceof StatusRuntimeException e) {
      return toException(e.getStatus(), e.getTrailers());
    }
    if (t instanceof StatusException e) {
      return toException(e.getStatus(), e.getTrailers());
    }
    if (t instanceof ServiceCallException e) {
      return e;
    }
    return toException(Status.fromThrowable(t), Status.trailersFromThrowable(t));
  }

  /**
   * The Switchboard exception for a failed status.
   *
   * @param trailers the trailers, or null
   * @throws IllegalArgumentException for {@code OK}
   */
  public static ServiceCallException toException(Status status, Metadata trailers) {
    if (status.isOk()) {
      throw new IllegalArgumentException("status OK is not a failure");
    }
    if (status.getCause() instanceof ServiceCallException local) {
      return local; // raised by our own picker or interceptors, already classified
    }
    String detail = "gRPC " + status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    ErrorKind kind = KINDS.get(status.getCode());
    switch (kind) {
      case CANCELLED:
        return new CancelledCallException(detail, status.getCause());
      case DEADLINE_EXCEEDED:
        return new DeadlineExceededException(detail, false);
      case SERVER_ERROR:
        if (status.getCode() == Status.Code.UNAVAILABLE && causedByConnectFailure(status.getCause())) {
          return new TransportException(ErrorKind.CONNECT_FAILED, detail, true, status.getCause());
        }
        break;
      default:
        break;
    }
    Duration pushback = pushback(trailers);
    boolean doNotRetry = pushback != null && pushback.isNegative();
    return new dev.switchboard.errors.StatusException(
        kind, status.getCode().value(),
        status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()),
        doNotRetry ? null : pushback, doNotRetry);
  }

  /**
   * The status a gRPC server should answer with when its own downstream call failed with
   * {@code e}, e.g. an HTTP call made while serving. Applies the cross-hop rule: the failure has
   * already been retried at the layer below, so the trailers carry
   * {@code grpc-retry-pushback-ms: -1} and the layers above do not retry again.
   */
  public static io.grpc.StatusRuntimeException toStatusRuntimeException(ServiceCallException e) {
    Status.Code code = switch (e.kind()) {
      case CONNECT_FAILED, SERVER_ERROR, NO_ENDPOINTS, CIRCUIT_OPEN -> Status.Code.UNAVAILABLE;
      case TIMEOUT, DEADLINE_EXCEEDED -> Status.Code.DEADLINE_EXCEEDED;
      case CLIENT_ERROR -> e instanceof dev.switchboard.errors.StatusException s && s.status() == 404
          ? Status.Code.NOT_FOUND : Status.Code.FAILED_PRECONDITION;
      case RATE_LIMITED, BUDGET_EXHAUSTED, CONCURRENCY_LIMITED -> Status.Code.RESOURCE_EXHAUSTED;
      case CANCELLED -> Status.Code.CANCELLED;
      case PROTOCOL_ERROR, RESPONSE_TOO_LARGE -> Status.Code.INTERNAL;
    };
    Metadata trailers = new Metadata();
    trailers.put(PUSHBACK_KEY, "-1");
    return Status.fromCode(code).withDescription("downstream call failed: " + e.getMessage())
        .asRuntimeException(trailers);
  }

  /**
   * The HTTP status a gRPC code corresponds to (the table above), so a {@code RetryPolicy} whose
   * {@code retryOnStatus} lists HTTP statuses decides gRPC failures the same way: UNAVAILABLE is
   * 503, RESOURCE_EXHAUSTED 429, DEADLINE_EXCEEDED 504, UNKNOWN/INTERNAL/DATA_LOSS 500,
   * UNIMPLEMENTED 501, NOT_FOUND 404, and so on (after grpc-gateway's mapping).
   */
  public static int httpAnalogue(Status.Code code) {
    return switch (code) {
      case OK -> 200;
      case CANCELLED -> 499;
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
      case DEADLINE_EXCEEDED -> 504;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, ABORTED -> 409;
      case PERMISSION_DENIED -> 403;
      case UNAUTHENTICATED -> 401;
      case RESOURCE_EXHAUSTED -> 429;
      case UNIMPLEMENTED -> 501;
      case UNAVAILABLE -> 503;
      case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
    };
  }

  /** A status carrying a locally raised failure (picker, interceptor) for the caller to unwrap. */
  public static Status toStatus(RejectedCallException e) {
    return Status.UNAVAILABLE.withDescription(e.getMessage()).withCause(e);
  }

  private static boolean causedByConnectFailure(Throwable t) {
    for (int i = 0; t != null && i < 8; i++, t = t.getCause()) {
      if (t instanceof ConnectException || t.getClass().getSimpleName().contains("ConnectException")) {
        return true;
      }
    }
    return false;
  }
}

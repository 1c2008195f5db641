package dev.switchboard.opentelemetry.internal;

import dev.switchboard.context.CallTracer;
import dev.switchboard.context.TraceContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.telemetry.AttemptResult;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Locale;

/**
 * One attempt's CLIENT span. Ended once, with the answer's status, the error type, and for a
 * cancelled attempt the reason ({@code switchboard.cancel.reason}: {@code lost_race} marks the
 * loser of a hedge, which is not an error). Thread-safe (a span is).
 */
final class OtelAttempt implements CallTracer.Span {
  private final Span span;
  private final TraceContext sent;
  private final boolean grpc;

  OtelAttempt(Span span, TraceContext sent, boolean grpc) {
    this.span = span;
    this.sent = sent;
    this.grpc = grpc;
  }

  @Override
  public TraceContext context() {
    return sent;
  }

  @Override
  public CallTracer.Span startAttempt(int number, boolean hedge, Endpoint endpoint) {
    throw new UnsupportedOperationException("an attempt has no attempts");
  }

  @Override
  public void endAttempt(AttemptResult result) {
    if (result.hasStatus()) {
      span.setAttribute(grpc ? SpanNames.RPC_GRPC_STATUS : SpanNames.STATUS_CODE, (long) result.status());
    }
    if (result.cancelReason() != null) {
      span.setAttribute(SpanNames.CANCEL_REASON, result.cancelReason().name().toLowerCase(Locale.ROOT));
    }
    ServiceCallException error = result.error();
    if (error != null && result.cancelReason() != AttemptResult.CancelReason.LOST_RACE) {
      span.setAttribute(SpanNames.ERROR_TYPE,
          result.hasStatus() && !grpc ? Integer.toString(result.status()) : errorType(error));
      span.setStatus(StatusCode.ERROR, error.detail());
    }
    span.end();
  }

  /** A low-cardinality error type: the error kind in lower case, or the exception's class. */
  static String errorType(Throwable error) {
    return error instanceof ServiceCallException sce ? sce.kind().name().toLowerCase(Locale.ROOT)
        : error.getClass().getName();
  }
}

package dev.switchboard.opentelemetry.internal;

import dev.switchboard.context.CallTracer;
import dev.switchboard.context.TraceContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.telemetry.CallInfo;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One call's spans. Attempts are CLIENT spans. The call's own INTERNAL span, parent of attempts,
 * exists only when the call sends more than one attempt: it is started when the second attempt
 * starts (with the call's start time), because before then nobody knows a retry or hedge will
 * follow, and a span cannot be un-exported. The first attempt's {@code traceparent} was on the
 * wire by then, so that attempt stays a child of the caller's span; the call span links to it.
 * A call with no parent at all (no current span, no inbound trace) starts its call span at once,
 * so its attempts share one trace with a recorded root. With {@code alwaysCallSpan}, every call
 * starts its call span at once.
 *
 * <p><b>Threading:</b> attempts of one call may start on different threads (retries, hedges); the
 * call span is created under this object's lock, everything else is immutable or volatile.
 */
final class OtelCall implements CallTracer.Span {
  private final Tracer tracer;
  private final CallInfo call;
  private final Context parent;
  private final Instant start;
  private final TraceContext trace;
  private volatile Span callSpan;
  private volatile SpanContext firstAttempt;

  /**
   * @param parent the caller's context, its span the parent of this call's spans
   * @param hasParent false when {@code parent} holds no valid span (the call is a trace's root)
   * @param fallback the trace sent when OpenTelemetry records nothing (a no-op SDK): the inbound
   *     trace or a new root, so attempts still share one trace id
   */
  OtelCall(Tracer tracer, CallInfo call, Context parent, boolean hasParent, boolean alwaysCallSpan,
      TraceContext fallback) {
    this.tracer = tracer;
    this.call = call;
    this.parent = parent;
    this.start = Instant.now();
    if (!hasParent || alwaysCallSpan) {
      this.callSpan = startCallSpan(null);
    }
    Span current = callSpan != null ? callSpan : Span.fromContext(parent);
    this.trace = W3c.of(current).orElse(fallback);
  }

  @Override
  public TraceContext context() {
    return trace;
  }

  @Override
  public CallTracer.Span startAttempt(int number, boolean hedge, Endpoint endpoint) {
    Span owner = callSpan;
    if (owner == null && number > 1) {
      owner = lazyCallSpan();
    }
    Context p = owner != null ? parent.with(owner) : parent;
    SpanBuilder b = tracer.spanBuilder(SpanNames.name(call)).setSpanKind(SpanKind.CLIENT).setParent(p);
    SpanNames.callAttributes(call, b);
    b.setAttribute(SpanNames.SERVER_ADDRESS, endpoint.host());
    b.setAttribute(SpanNames.SERVER_PORT, (long) endpoint.port());
    b.setAttribute(SpanNames.ATTEMPT, (long) number);
    if (number > 1) {
      b.setAttribute(SpanNames.RESEND_COUNT, (long) (number - 1));
    }
    if (hedge) {
      b.setAttribute(SpanNames.HEDGE, true);
    }
    Span span = b.startSpan();
    if (number == 1) {
      firstAttempt = span.getSpanContext();
    }
    TraceContext sent = W3c.of(span).orElse(null);
    if (sent == null) { // OpenTelemetry is a no-op here: send ids of our own, as without a tracer
      sent = trace.newChild();
    }
    return new OtelAttempt(span, sent, call.isGrpc());
  }

  private synchronized Span lazyCallSpan() {
    if (callSpan == null) {
      callSpan = startCallSpan(firstAttempt);
    }
    return callSpan;
  }

  private Span startCallSpan(SpanContext link) {
    SpanBuilder b = tracer.spanBuilder(SpanNames.name(call)).setSpanKind(SpanKind.INTERNAL).setParent(parent)
        .setStartTimestamp(TimeUnit.SECONDS.toNanos(start.getEpochSecond()) + start.getNano(), TimeUnit.NANOSECONDS);
    SpanNames.callAttributes(call, b);
    if (link != null && link.isValid()) {
      b.addLink(link); // the first attempt, sent before anyone knew this call would need a span
    }
    return b.startSpan();
  }

  @Override
  public void endCall(int attempts, Throwable error) {
    Span s = callSpan;
    if (s == null) {
      return;
    }
    s.setAttribute(SpanNames.ATTEMPTS, (long) attempts);
    if (error != null) {
      s.setAttribute(SpanNames.ERROR_TYPE, OtelAttempt.errorType(error));
      s.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    }
    s.end();
  }
}

package dev.switchboard.opentelemetry.internal;

import dev.switchboard.context.CallTracer;
import dev.switchboard.context.TraceContext;
import dev.switchboard.telemetry.CallInfo;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/** Starts each call's spans under the right parent (see {@link OtelCall}). Thread-safe. */
public final class OtelTracer implements CallTracer {
  private final Tracer tracer;
  private final boolean alwaysCallSpan;

  public OtelTracer(Tracer tracer, boolean alwaysCallSpan) {
    this.tracer = tracer;
    this.alwaysCallSpan = alwaysCallSpan;
  }

  /**
   * The parent is OpenTelemetry's current context when it holds a span (the application's, or
   * the caller's made current by the server side), else the inbound trace bound to Switchboard's
   * context (as a remote parent), else none: the call is a new trace.
   */
  @Override
  public CallTracer.Span startCall(CallInfo call, TraceContext inbound) {
    Context current = Context.current();
    boolean hasParent = io.opentelemetry.api.trace.Span.fromContext(current).getSpanContext().isValid();
    if (!hasParent && inbound != null) {
      current = W3c.withRemoteParent(current, inbound);
      hasParent = io.opentelemetry.api.trace.Span.fromContext(current).getSpanContext().isValid();
    }
    return new OtelCall(tracer, call, current, hasParent, alwaysCallSpan,
        inbound != null ? inbound : TraceContext.newRoot());
  }
}

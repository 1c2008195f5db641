package dev.switchboard.opentelemetry.internal;

import dev.switchboard.context.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.Optional;

/**
 * Converts between OpenTelemetry span contexts and Switchboard's {@link TraceContext} through
 * OpenTelemetry's own W3C propagator, so what Switchboard sends is byte for byte what that
 * propagator would send for the same span. Stateless; thread-safe.
 */
public final class W3c {
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final String TRACEPARENT = "traceparent";
  private static final String TRACESTATE = "tracestate";

  /** Carrier: [0] traceparent, [1] tracestate. */
  private static final TextMapSetter<String[]> SETTER = (carrier, key, value) -> {
    if (carrier != null) {
      carrier[TRACEPARENT.equals(key) ? 0 : 1] = value;
    }
  };

  private static final TextMapGetter<TraceContext> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(TraceContext carrier) {
      return List.of(TRACEPARENT, TRACESTATE);
    }

    @Override
    public String get(TraceContext carrier, String key) {
      if (carrier == null) {
        return null;
      }
      return TRACEPARENT.equals(key) ? carrier.toTraceparent() : carrier.traceState().orElse(null);
    }
  };

  private W3c() {}

  /**
   * What the W3C propagator sends for {@code span}; empty for an invalid (no-op) span. Without a
   * trace state (the usual case) the parts are taken from the span context directly, which is what
   * the propagator writes ({@code 00-traceId-spanId-flags}, lowercase hex); with one, the
   * propagator itself encodes it.
   */
  public static Optional<TraceContext> of(Span span) {
    SpanContext c = span.getSpanContext();
    if (!c.isValid()) {
      return Optional.empty();
    }
    if (c.getTraceState().isEmpty()) {
      return Optional.of(TraceContext.of(c.getTraceId(), c.getSpanId(), c.getTraceFlags().asByte() & 0xff, null));
    }
    String[] carrier = new String[2];
    W3C.inject(Context.root().with(span), carrier, SETTER);
    return TraceContext.parse(carrier[0], carrier[1]);
  }

  /** {@code context} with {@code trace} as its remote parent span, as the W3C propagator extracts it. */
  public static Context withRemoteParent(Context context, TraceContext trace) {
    return W3C.extract(context, trace, GETTER);
  }
}

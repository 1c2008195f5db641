package dev.switchboard.opentelemetry;

import dev.switchboard.context.CallTracer;
import dev.switchboard.context.TraceContext;
import dev.switchboard.opentelemetry.internal.OtelTracer;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/**
 * OpenTelemetry spans for Switchboard's calls, made with one call and plugged in where telemetry
 * listeners go:
 *
 * <pre>{@code
 * TelemetryListener tracing = OpenTelemetryTracing.create(openTelemetry);
 * ServiceConfig config = ServiceConfig.builder().name("users").target("dns+srv:_users._tcp.example")
 *     .telemetry(tracing).build();          // or TelemetryListener.composite(List.of(metrics, tracing))
 * }</pre>
 *
 * <p><b>What is recorded.</b> A CLIENT span per attempt, named after OpenTelemetry's conventions
 * ({@code GET /users/{id}}: method and path template, never the raw path; {@code
 * users.UserService/GetUser} for gRPC), with {@code server.address}/{@code server.port} of the
 * endpoint, {@code http.request.resend_count} on retries and hedges, {@code switchboard.hedge} on
 * hedges, the status, {@code error.type}, and {@code switchboard.cancel.reason} on cancelled
 * attempts ({@code lost_race} for a hedge race's loser, which is not marked as an error). A call
 * that sends more than one attempt also gets an INTERNAL span for the whole call: see
 * {@link Builder#alwaysCallSpan(boolean)} for when it is created and where the first attempt sits.
 *
 * <p><b>The wire names real spans.</b> This listener is also Switchboard's {@link CallTracer}: the
 * {@code traceparent} (and {@code tracestate}) each attempt sends is what OpenTelemetry's W3C
 * propagator would send for that attempt's span, so the next hop's spans are its children.
 *
 * <p><b>Parents.</b> A call's spans descend from OpenTelemetry's current context on the calling
 * thread (the application's span, or an agent's), else from the trace Switchboard's server
 * filter bound for the inbound request, else they start a new trace. On the server side, the
 * module makes the caller's trace current while Switchboard's filters handle a request (JDK
 * {@code HttpServer} filter, Servlet filter, gRPC interceptor), so application spans nest under
 * the caller's span; that works by being on the class path (a {@code ServiceLoader} provider).
 *
 * <p>With {@code OpenTelemetry.noop()} (or an SDK that records nothing) Switchboard sends ids of
 * its own, as it does without this module.
 *
 * <p><b>Threading:</b> thread-safe; share one instance between clients.
 */
public final class OpenTelemetryTracing implements TelemetryListener, CallTracer {
  /** The instrumentation scope name of the spans. */
  public static final String INSTRUMENTATION_NAME = "dev.switchboard";

  private final OtelTracer tracer;

  private OpenTelemetryTracing(Builder b) {
    this.tracer = new OtelTracer(b.openTelemetry.getTracer(INSTRUMENTATION_NAME), b.alwaysCallSpan);
  }

  /** Spans through {@code openTelemetry} with the defaults. */
  public static OpenTelemetryTracing create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /** A builder for spans through {@code openTelemetry}. */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  @Override
  public Span startCall(CallInfo call, TraceContext inbound) {
    return tracer.startCall(call, inbound);
  }

  @Override
  public String toString() {
    return "OpenTelemetryTracing";
  }

  /** Options. Not thread-safe. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean alwaysCallSpan;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * When the INTERNAL span of a whole call is created. By default (false) only for a call that
     * sends a second attempt (a retry or a hedge), when that attempt starts, with the call's start
     * time: most calls send one attempt, and one CLIENT span says all about them. The first
     * attempt's {@code traceparent} is already on the wire by then, so that attempt remains a
     * child of the caller's span, a sibling of the call span, which links to it; attempts from
     * the second on are the call span's children. A call with no parent at all (a new trace)
     * creates its call span at once, so the trace has one recorded root. True creates it for
     * every call at once: every attempt is its child, at the cost of a second span per call.
     */
    public Builder alwaysCallSpan(boolean always) {
      this.alwaysCallSpan = always;
      return this;
    }

    public OpenTelemetryTracing build() {
      return new OpenTelemetryTracing(this);
    }
  }
}

package dev.switchboard.opentelemetry.internal;

import dev.switchboard.context.CallContext;
import dev.switchboard.context.InboundScopeProvider;
import dev.switchboard.context.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/**
 * Found by {@link java.util.ServiceLoader} when {@code switchboard-opentelemetry} is on the class
 * path: while Switchboard's server filter or interceptor handles a request, the caller's trace
 * (its {@code traceparent}, as the W3C propagator extracts it) is OpenTelemetry's current context,
 * so spans the application starts nest under the caller's span. Nothing changes when a span is
 * already current (an OpenTelemetry agent or a server instrumentation made its own SERVER span
 * current: that one is the better parent) or the request carried no trace. Only the OpenTelemetry
 * API is used; no SDK or instance is needed. Stateless; thread-safe.
 */
public final class InboundOtelScope implements InboundScopeProvider {
  @Override
  public AutoCloseable open(CallContext inbound) {
    TraceContext trace = inbound.trace().orElse(null);
    if (trace == null || Span.current().getSpanContext().isValid()) {
      return () -> {};
    }
    return W3c.withRemoteParent(Context.current(), trace).makeCurrent();
  }
}

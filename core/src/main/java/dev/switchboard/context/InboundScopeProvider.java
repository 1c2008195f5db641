package dev.switchboard.context;

/**
 * SPI, found with {@link java.util.ServiceLoader}: opens a scope around the handling of every
 * inbound request, while its {@link CallContext} is bound. Switchboard's server filters (the JDK
 * {@code HttpServer} filter, the Servlet filter, the gRPC server interceptor) open it through
 * {@link ContextMdc#attachInbound(CallContext)}. {@code switchboard-opentelemetry} provides one that
 * makes the caller's trace OpenTelemetry's current context, so the application's own spans nest
 * under the caller's span.
 *
 * <p>Register an implementation in {@code META-INF/services/dev.switchboard.context.InboundScopeProvider}.
 *
 * <p><b>Threading:</b> {@link #open} runs on the handling thread and the scope is closed on it;
 * both must be fast and must not throw (a failure is logged and the request is served without it).
 */
public interface InboundScopeProvider {
  /** Opens a scope for {@code inbound}; closing it restores what was current before. */
  AutoCloseable open(CallContext inbound);
}

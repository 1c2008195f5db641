package dev.switchboard.grpc;

import dev.switchboard.context.CallContext;
import dev.switchboard.context.CorrelationId;
import dev.switchboard.context.TraceContext;
import dev.switchboard.grpc.internal.Headers;
import dev.switchboard.time.Deadline;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Carries the caller's {@link CallContext} to the next hop on every gRPC call, with no code in the
 * caller: the correlation id ({@code x-request-id}), a W3C {@code traceparent} with a new child span
 * (plus {@code tracestate}), {@code x-request-attempt: 1}, and the deadline. For calls that make
 * one attempt and need nothing else: a Switchboard channel runs its unary and server-streaming
 * calls through {@link SwitchboardClientInterceptor}, which writes the same headers per attempt,
 * and hands its client- and bidi-streaming calls to this interceptor.
 *
 * <p>The call's deadline becomes the earliest of the stub's own deadline, the bound context's
 * deadline less a small margin (room for the answer to travel back), and the optional default
 * timeout. grpc-java then sends it as {@code grpc-timeout}, relative, and refuses locally with
 * {@code DEADLINE_EXCEEDED} a call whose deadline has already passed: an expired budget never
 * leaves the process.
 *
 * <p>The context is {@link CallContext#current()}, or, when no thread binding exists (async
 * continuations on grpc-java threads), the one {@link ContextServerInterceptor} put into
 * {@code io.grpc.Context}. A call without any context gets a fresh correlation id and root trace.
 *
 * <p>Stateless and thread-safe; install once per channel.
 */
public final class ContextClientInterceptor implements ClientInterceptor {
  private final long marginNanos;
  private final Duration defaultTimeout;

  private ContextClientInterceptor(Duration deadlineMargin, Duration defaultTimeout) {
    this.marginNanos = deadlineMargin.toNanos();
    this.defaultTimeout = defaultTimeout;
  }

  /** A 5 ms margin and no default timeout. */
  public static ContextClientInterceptor create() {
    return create(Duration.ofMillis(5), null);
  }

  /**
   * @param deadlineMargin subtracted from the context's remaining time, at least zero
   * @param defaultTimeout the timeout of calls that have no other deadline, or null for none
   */
  public static ContextClientInterceptor create(Duration deadlineMargin, Duration defaultTimeout) {
    Objects.requireNonNull(deadlineMargin, "deadlineMargin");
    if (deadlineMargin.isNegative()) {
      throw new IllegalArgumentException("deadlineMargin must be >= 0: " + deadlineMargin);
    }
    if (defaultTimeout != null && (defaultTimeout.isNegative() || defaultTimeout.isZero())) {
      throw new IllegalArgumentException("defaultTimeout must be > 0: " + defaultTimeout);
    }
    return new ContextClientInterceptor(deadlineMargin, defaultTimeout);
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    CallContext context = callOptions.getOption(SwitchboardGrpc.CALL_CONTEXT_OPTION);
    if (context == null) {
      context = SwitchboardGrpc.currentContext();
    }
    CallOptions options = withDeadline(callOptions, context);
    String correlationId = context.correlationId().orElseGet(CorrelationId::generate);
    TraceContext trace = context.trace().map(TraceContext::newChild).orElseGet(TraceContext::newRoot);
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<RespT> responseListener, Metadata headers) {
        Headers.writeOutbound(headers, true, correlationId, trace, 1, false);
        super.start(responseListener, headers);
      }
    };
  }

  private CallOptions withDeadline(CallOptions options, CallContext context) {
    io.grpc.Deadline effective = options.getDeadline();
    Deadline ours = context.deadline().orElse(null);
    if (ours != null) {
      io.grpc.Deadline d = io.grpc.Deadline.after(ours.remainingNanos() - marginNanos, TimeUnit.NANOSECONDS);
      effective = effective == null ? d : effective.minimum(d);
    } else if (effective == null && defaultTimeout != null) {
      effective = io.grpc.Deadline.after(defaultTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    return effective == options.getDeadline() ? options : options.withDeadline(effective);
  }
}

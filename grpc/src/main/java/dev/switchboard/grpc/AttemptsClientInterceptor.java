package dev.switchboard.grpc;

import dev.switchboard.context.CallContext;
import dev.switchboard.context.CorrelationId;
import dev.switchboard.context.TraceContext;
import dev.switchboard.grpc.internal.HedgingCall;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.util.Objects;

/**
 * Runs a {@link GrpcAttemptPolicy} (retries and hedging) on unary and server-streaming calls.
 * Each attempt is a separate grpc-java call on the same channel, so it goes through the
 * Switchboard picker, which excludes the endpoints this call already tried: attempts land on
 * distinct replicas. Losing hedges are cancelled on the wire, and the server sees CANCELLED.
 *
 * <p>Install it outside {@link ContextClientInterceptor} (that is, added after it, since grpc-java
 * runs the last added interceptor first), so every attempt gets its own attempt number and child
 * span under one correlation id and trace; {@link SwitchboardGrpc#clientInterceptors} does this.
 * A call is committed to the first attempt that returns headers, a message or a final status
 * that is not retried; after that nothing is re-sent. Client- and bidi-streaming calls, and
 * every call under a one-attempt policy, pass straight through at no cost.
 *
 * <p>Thread-safe; one instance serves every call of a channel. Each call's own state is guarded
 * by that call's monitor (never shared between calls).
 */
public final class AttemptsClientInterceptor implements ClientInterceptor {
  private final GrpcAttemptPolicy policy;

  private AttemptsClientInterceptor(GrpcAttemptPolicy policy) {
    this.policy = policy;
  }

  /** An interceptor running {@code policy}. */
  public static AttemptsClientInterceptor create(GrpcAttemptPolicy policy) {
    return new AttemptsClientInterceptor(Objects.requireNonNull(policy, "policy"));
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    MethodDescriptor.MethodType type = method.getType();
    if (policy.maxAttempts() == 1
        || (type != MethodDescriptor.MethodType.UNARY && type != MethodDescriptor.MethodType.SERVER_STREAMING)) {
      return next.newCall(method, callOptions);
    }
    // Fix the call's identity once, so every attempt shares the correlation id and trace id.
    CallContext context = callOptions.getOption(SwitchboardGrpc.CALL_CONTEXT_OPTION);
    if (context == null) {
      context = SwitchboardGrpc.currentContext();
    }
    context = context
        .withCorrelationId(context.correlationId().orElseGet(CorrelationId::generate))
        .withTrace(context.trace().orElseGet(TraceContext::newRoot));
    boolean idempotent = method.isIdempotent() || method.isSafe();
    return new HedgingCall<>(method, callOptions.withOption(SwitchboardGrpc.CALL_CONTEXT_OPTION, context),
        next, policy, idempotent);
  }
}

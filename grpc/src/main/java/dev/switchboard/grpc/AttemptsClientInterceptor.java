package dev.switchboard.grpc;

import dev.switchboard.context.CallContext;
import dev.switchboard.context.CorrelationId;
import dev.switchboard.context.TraceContext;
import dev.switchboard.grpc.internal.AttemptsCall;
import dev.switchboard.grpc.internal.HedgePlan;
import dev.switchboard.policy.HedgeDelay;
import dev.switchboard.policy.RetryBudget;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs core's retry rules ({@link dev.switchboard.policy.RetryPolicy}, one
 * {@link RetryBudget} per destination) and hedging ({@link dev.switchboard.policy.HedgingPolicy},
 * with a {@link HedgeDelay}) on unary and server-streaming calls: the same
 * classes and semantics as the HTTP client's pipeline. Each attempt is a separate grpc-java call
 * on the same channel, so it goes through the Switchboard picker, which excludes the endpoints
 * this call already tried: attempts land on distinct replicas. Losing hedges are cancelled on the
 * wire, and the server sees CANCELLED.
 *
 * <p>What is re-sent: only methods whose proto declares {@code idempotency_level} IDEMPOTENT or
 * NO_SIDE_EFFECTS, methods listed in {@link GrpcChannelOptions#idempotentMethods()}, and calls
 * made with {@code withOption(SwitchboardGrpc.IDEMPOTENT, true)}. Any other call is retried only
 * when its failed attempt provably never reached a server, and is never hedged.
 *
 * <p>Install it outside {@link ContextClientInterceptor} (that is, added after it, since grpc-java
 * runs the last added interceptor first), so every attempt gets its own attempt number and child
 * span under one correlation id and trace; {@link SwitchboardGrpc#clientInterceptors} does this.
 * A call is committed to the first attempt that returns headers, a message or a final status
 * that is not retried (gRPC A6); after that nothing is re-sent. Client- and bidi-streaming calls
 * pass straight through.
 *
 * <p>Thread-safe; one instance serves every call of a channel and owns (or shares) its budget.
 * Each call's own state is guarded by that call's monitor (never shared between calls).
 */
public final class AttemptsClientInterceptor implements ClientInterceptor {
  private final GrpcChannelOptions options;
  private final RetryBudget budget;
  private final HedgePlan hedge;

  private AttemptsClientInterceptor(GrpcChannelOptions options, RetryBudget budget, HedgePlan hedge) {
    this.options = options;
    this.budget = budget;
    this.hedge = hedge;
  }

  /**
   * An interceptor running {@code options}' retry policy and hedging, paying from
   * {@code options.sharedRetryBudget()} or else from a new budget of
   * {@code options.retryBudgetConfig()}.
   */
  public static AttemptsClientInterceptor create(GrpcChannelOptions options) {
    Objects.requireNonNull(options, "options");
    RetryBudget budget = options.sharedRetryBudget() != null ? options.sharedRetryBudget()
        : RetryBudget.create(options.retryBudgetConfig(), options.ticker());
    HedgeDelay delay = !options.hedging().enabled() ? null
        : options.sharedHedgeDelay() != null ? options.sharedHedgeDelay()
        : HedgeDelay.create(options.hedging(), options.ticker());
    return new AttemptsClientInterceptor(options, budget, delay == null ? null : HedgePlan.of(options.hedging(), delay));
  }

  /** The live hedge delay of this channel (empty when hedging is off). */
  public Optional<HedgeDelay> hedgeDelay() {
    return Optional.ofNullable(hedge == null ? null : hedge.delay());
  }

  /** The budget every retry and hedge of this channel pays from. */
  public RetryBudget budget() {
    return budget;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    MethodDescriptor.MethodType type = method.getType();
    if (type != MethodDescriptor.MethodType.UNARY && type != MethodDescriptor.MethodType.SERVER_STREAMING) {
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
    boolean idempotent = method.isIdempotent() || method.isSafe()
        || Boolean.TRUE.equals(callOptions.getOption(SwitchboardGrpc.IDEMPOTENT))
        || options.idempotentMethods().contains(method.getFullMethodName());
    return new AttemptsCall<>(method, callOptions.withOption(SwitchboardGrpc.CALL_CONTEXT_OPTION, context),
        next, options, budget, hedge, idempotent);
  }

  @Override
  public String toString() {
    return "AttemptsClientInterceptor[" + options + ", " + budget + "]";
  }
}

package dev.switchboard.grpc;

import dev.switchboard.context.CallContext;
import dev.switchboard.grpc.internal.ChannelLink;
import dev.switchboard.grpc.internal.GrpcCalls;
import dev.switchboard.grpc.internal.GrpcTransport;
import dev.switchboard.pipeline.CallPipeline;
import dev.switchboard.policy.DestinationPolicies;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.util.Objects;

/**
 * Runs every unary and server-streaming call of a channel through Switchboard's call pipeline, the
 * same {@link CallPipeline} the HTTP client runs: user filters, circuit breaker, concurrency limit,
 * retries and hedges under one budget and one deadline, and the pick itself, from the channel's
 * Switchboard load balancer, with the HTTP client's exclusion, back-off and health rules. Each
 * attempt is a separate grpc-java call on the chosen endpoint's subchannel; see
 * {@code docs/grpc.md} for the rules.
 *
 * <p>What is re-sent: only methods whose proto declares {@code idempotency_level} IDEMPOTENT or
 * NO_SIDE_EFFECTS, methods listed in {@link GrpcChannelOptions#idempotentMethods()}, and calls
 * made with {@code withOption(SwitchboardGrpc.IDEMPOTENT, true)}. Any other call is retried only
 * when its failed attempt provably never reached a server, and is never hedged. A call commits to
 * the first attempt that returns a header or a message (gRFC A6); after that nothing is re-sent.
 * Client- and bidi-streaming calls are not buffered: they get the propagation headers and the
 * deadline ({@link ContextClientInterceptor}) and the balancer's pick, nothing more.
 *
 * <p>{@link SwitchboardGrpc#channelBuilder} installs one, bound to that channel's balancer. Built
 * by {@link #create(GrpcChannelOptions)} for a channel of your own, it binds to the balancer whose
 * service config is {@link SwitchboardGrpc#serviceConfig(GrpcChannelOptions) serviceConfig} of the
 * same options; on a channel without one, the channel's own balancer picks (no exclusions).
 *
 * <p>Thread-safe; one instance serves every call of a channel and owns its live state
 * ({@link #pipeline()}). A channel from {@link SwitchboardGrpc#channelBuilder} lists that state in
 * {@code DestinationStates.all()} until it shuts down; on a channel of your own, call
 * {@code pipeline().publishState()} and close the registration when the channel shuts down.
 */
public final class SwitchboardClientInterceptor implements ClientInterceptor {
  private final GrpcChannelOptions options;
  private final String name;
  private final ChannelLink link;
  private final ClientInterceptor streaming;
  private final GrpcCalls calls;
  private volatile CallPipeline pipeline;

  private SwitchboardClientInterceptor(GrpcChannelOptions options, String name, ChannelLink link) {
    this.options = options;
    this.name = name;
    this.link = link;
    this.streaming = ContextClientInterceptor.create(options.deadlineMargin(), options.defaultTimeout());
    this.calls = new GrpcCalls(options.idempotentMethods(), options.defaultTimeout());
  }

  /**
   * An interceptor running {@code options} for a channel built without
   * {@link SwitchboardGrpc#channelBuilder}: pair it with {@link SwitchboardGrpc#serviceConfig} of
   * the same options. Its name is {@link GrpcChannelOptions#name()}, else the channel's authority.
   */
  public static SwitchboardClientInterceptor create(GrpcChannelOptions options) {
    Objects.requireNonNull(options, "options");
    return new SwitchboardClientInterceptor(options, options.name(), options.link());
  }

  /** The interceptor of a channel made by {@link SwitchboardGrpc#channelBuilder}, bound to its link. */
  static SwitchboardClientInterceptor create(GrpcChannelOptions options, String name, ChannelLink link) {
    return new SwitchboardClientInterceptor(options, name, link);
  }

  /**
   * The pipeline calls run through, with this channel's live state ({@code pipeline().policies()}:
   * retry budget, breaker, limit, hedge delay). Assembled on the first call; asked before it, it is
   * named {@link GrpcChannelOptions#name()} or {@code "grpc"}.
   */
  public CallPipeline pipeline() {
    return pipeline(name == null ? "grpc" : name);
  }

  private CallPipeline pipeline(String fallbackName) {
    CallPipeline p = pipeline;
    if (p == null) {
      synchronized (this) {
        p = pipeline;
        if (p == null) {
          pipeline = p = assemble(name != null ? name : fallbackName);
        }
      }
    }
    return p;
  }

  private CallPipeline assemble(String service) {
    DestinationPolicies live = DestinationPolicies.create(service, options.pipelinePolicies());
    if (options.sharedRetryBudget() != null) {
      live = live.withRetryBudget(options.sharedRetryBudget());
    }
    if (options.sharedHedgeDelay() != null) {
      live = live.withHedgeDelay(options.sharedHedgeDelay());
    }
    return CallPipeline.assemble(service, null, options.filters(), options.pipelinePolicies(), live, link,
        new GrpcTransport(link, options.deadlineMargin()), GrpcTransport.CLASSIFIER);
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    link.noteChannel(next);
    MethodDescriptor.MethodType type = method.getType();
    if (type != MethodDescriptor.MethodType.UNARY && type != MethodDescriptor.MethodType.SERVER_STREAMING) {
      return streaming.interceptCall(method, GrpcCalls.linked(callOptions, link), next);
    }
    CallPipeline p = pipeline(next.authority());
    return calls.newCall(method, callOptions, next, p, context(callOptions));
  }

  private static CallContext context(CallOptions callOptions) {
    CallContext explicit = callOptions.getOption(SwitchboardGrpc.CALL_CONTEXT_OPTION);
    return explicit != null ? explicit : SwitchboardGrpc.currentContext();
  }

  @Override
  public String toString() {
    return "SwitchboardClientInterceptor[" + (name == null ? "unnamed" : name) + ", " + options + "]";
  }
}

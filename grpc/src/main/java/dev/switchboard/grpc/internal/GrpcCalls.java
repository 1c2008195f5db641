package dev.switchboard.grpc.internal;

import dev.switchboard.context.CallContext;
import dev.switchboard.grpc.SwitchboardGrpc;
import dev.switchboard.pipeline.CallPipeline;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.pipeline.ResponseDecoder;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Turns a gRPC call into a pipeline call: its identity (the method, as the request
 * {@code POST /pkg.Service/Method} it is on the wire; one {@link Request} per method, shared), its
 * options (idempotent from the method's descriptor, the channel's list or
 * {@link SwitchboardGrpc#IDEMPOTENT}; the {@link SwitchboardGrpc#HASH_KEY}; the timeout) and the
 * context it runs in. Thread-safe.
 */
public final class GrpcCalls {
  private static final ResponseDecoder<Response> AS_IS = response -> response;

  private final Set<String> idempotentMethods;
  private final Duration defaultTimeout;
  private final ConcurrentHashMap<MethodDescriptor<?, ?>, Request> requests = new ConcurrentHashMap<>();

  /**
   * @param idempotentMethods full method names that may be re-sent whatever their descriptor says
   * @param defaultTimeout the timeout of a call that has no deadline of its own, or null
   */
  public GrpcCalls(Set<String> idempotentMethods, Duration defaultTimeout) {
    this.idempotentMethods = Set.copyOf(idempotentMethods);
    this.defaultTimeout = defaultTimeout;
  }

  /** A call of {@code method} that runs through {@code pipeline} in {@code context} once half-closed. */
  public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options,
      Channel next, CallPipeline pipeline, CallContext context) {
    return new BufferedCall<>(method, options, next, call -> run(call, pipeline, context));
  }

  /** {@code options} marked with {@code link}, so the channel's balancer can adopt an unowned link. */
  public static CallOptions linked(CallOptions options, ChannelLink link) {
    return options.withOption(SubchannelRouter.LINK, link);
  }

  private CompletableFuture<Response> run(BufferedCall<?, ?> call, CallPipeline pipeline, CallContext context) {
    MethodDescriptor<?, ?> method = call.method();
    Request request = requests.computeIfAbsent(method,
        m -> Request.builder("POST", "/" + m.getFullMethodName()).build()).withPayload(call);
    CallOptions grpc = call.callOptions();
    dev.switchboard.pipeline.CallOptions options = dev.switchboard.pipeline.CallOptions.of(
        idempotent(method, grpc), grpc.getOption(SwitchboardGrpc.HASH_KEY), timeout(grpc, context));
    if (context == CallContext.current()) {
      return pipeline.execute(request, options, AS_IS);
    }
    try (CallContext.Scope ignored = context.attach()) {
      return pipeline.execute(request, options, AS_IS);
    }
  }

  private boolean idempotent(MethodDescriptor<?, ?> method, CallOptions options) {
    return method.isIdempotent() || method.isSafe() || Boolean.TRUE.equals(options.getOption(SwitchboardGrpc.IDEMPOTENT))
        || idempotentMethods.contains(method.getFullMethodName());
  }

  /**
   * The call's own timeout: what is left of the stub's deadline and of grpc-java's ambient
   * {@code Context} deadline, whichever is earlier; else the default timeout, for a call no
   * deadline bounds at all (not even the inbound one the pipeline reads from {@code context}).
   */
  private Duration timeout(CallOptions options, CallContext context) {
    io.grpc.Deadline deadline = options.getDeadline();
    io.grpc.Deadline ambient = Context.current().getDeadline();
    if (ambient != null) {
      deadline = deadline == null ? ambient : deadline.minimum(ambient);
    }
    if (deadline != null) {
      return Duration.ofNanos(Math.max(1, deadline.timeRemaining(TimeUnit.NANOSECONDS)));
    }
    return context.deadline().isEmpty() ? defaultTimeout : null;
  }
}

package dev.switchboard.grpc;

import dev.switchboard.context.CallContext;
import dev.switchboard.util.LogSafe;
import dev.switchboard.context.ContextMdc;
import dev.switchboard.context.InboundContext;
import dev.switchboard.context.InboundOptions;
import dev.switchboard.context.TimeoutHeaders;
import dev.switchboard.context.WireHeaders;
import dev.switchboard.grpc.internal.InboundServerCall;
import dev.switchboard.spi.SharedExecutor;
import dev.switchboard.policy.OverloadSignal;
import dev.switchboard.time.Deadline;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Binds the inbound call's {@link CallContext} on the server, exactly as the HTTP server filters
 * do: the metadata goes through core's {@link InboundContext#parse} with the same
 * {@link InboundOptions}, so HTTP and gRPC servers treat every header, and every piece of garbage
 * in one, identically (strict {@code traceparent}/{@code tracestate}, correlation id validation,
 * deadline clamp, attempt and hedge flags). Every Switchboard client used while serving (HTTP or
 * gRPC) then propagates it with no code in the service.
 *
 * <ul>
 *   <li><b>Deadline:</b> grpc-java consumes {@code grpc-timeout} itself and exposes it as the
 *       call's {@code io.grpc.Context} deadline, so that deadline is handed to the parser as the
 *       {@code grpc-timeout} value; the earliest of it, {@code x-request-timeout-ms} and
 *       {@code x-envoy-expected-rq-timeout-ms} wins, clamped to
 *       {@link InboundOptions#maxDeadline()}.
 *   <li>A call whose deadline has already passed is closed with {@code DEADLINE_EXCEEDED}, the
 *       service is never invoked, and {@code onInboundExpired} is reported.
 *   <li>When our deadline is tighter than grpc-java's, the {@code io.grpc.Context} deadline is
 *       tightened to it (so outgoing gRPC calls, even without our client interceptor, carry the
 *       shrinking budget and are cancelled with the call), and when it passes the call is closed
 *       with {@code DEADLINE_EXCEEDED}, as grpc-java does for its own deadline.
 *   <li>The correlation id is echoed as {@code x-request-id} (response headers, or the trailers of
 *       a trailers-only answer).
 *   <li>An {@link OverloadSignal} is bound for the call; a failure answered after a downstream
 *       call ran out of attempts or budget carries {@code grpc-retry-pushback-ms: -1}.
 * </ul>
 *
 * <p>The context is attached to the thread, and mirrored into the SLF4J MDC
 * ({@link ContextMdc}), around every listener callback, so a unary handler sees it in
 * {@code CallContext.current()} and its log lines carry {@code correlation_id} and
 * {@code trace_id}. It is also stored in {@code io.grpc.Context} under
 * {@link SwitchboardGrpc#CALL_CONTEXT} for code running on grpc-java's callback threads.
 *
 * <p>Thread-safe; one instance serves every call.
 */
public final class ContextServerInterceptor implements ServerInterceptor {
  private static final Map<String, Metadata.Key<String>> KEYS = new ConcurrentHashMap<>();

  private final InboundOptions options;

  private ContextServerInterceptor(InboundOptions options) {
    this.options = options;
  }

  /** With {@link InboundOptions#defaults()}: 5 minute clamp, system ticker, no telemetry. */
  public static ContextServerInterceptor create() {
    return create(InboundOptions.defaults());
  }

  /** With {@code options}, the same object the HTTP server filters take. */
  public static ContextServerInterceptor create(InboundOptions options) {
    return new ContextServerInterceptor(Objects.requireNonNull(options, "options"));
  }

  /** The options. */
  public InboundOptions options() {
    return options;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    Context grpcContext = Context.current();
    io.grpc.Deadline grpcDeadline = grpcContext.getDeadline();
    InboundContext inbound = InboundContext.parse(lookup(headers, grpcDeadline), options);
    String method = call.getMethodDescriptor().getFullMethodName();
    if (inbound.isExpired()) {
      options.telemetry().onInboundExpired("POST", LogSafe.value("/" + method));
      Metadata trailers = new Metadata();
      trailers.put(Metadata.Key.of(WireHeaders.REQUEST_ID, Metadata.ASCII_STRING_MARSHALLER), inbound.correlationId());
      call.close(Status.DEADLINE_EXCEEDED.withDescription(
          "deadline expired before " + method + " reached the service; not invoked"), trailers);
      return new ServerCall.Listener<>() {};
    }
    OverloadSignal signal = OverloadSignal.create();
    CallContext context = inbound.context().with(OverloadSignal.KEY, signal);
    Context bound = grpcContext.withValue(SwitchboardGrpc.CALL_CONTEXT, context);

    Deadline ours = context.deadline().orElse(null);
    long remaining = ours == null ? Long.MAX_VALUE : ours.remainingNanos();
    boolean tighter = ours != null
        && (grpcDeadline == null || remaining < grpcDeadline.timeRemaining(TimeUnit.NANOSECONDS));
    if (!tighter) {
      ServerCall<ReqT, RespT> served = new InboundServerCall<>(call, inbound.correlationId(), signal);
      return new Binding<>(Contexts.interceptCall(bound, served, headers, next), context, null);
    }
    // grpc-java only enforces grpc-timeout; enforce the tighter deadline ourselves.
    InboundServerCall.DeadlineBound<ReqT, RespT> served =
        new InboundServerCall.DeadlineBound<>(call, inbound.correlationId(), signal);
    Context.CancellableContext cancellable =
        bound.withDeadlineAfter(remaining, TimeUnit.NANOSECONDS, SharedExecutor.get()); // grpc-java's API wants an executor
    String source = inbound.deadlineHeader().orElse("the deadline clamp");
    cancellable.addListener(ctx -> {
      if (ctx.cancellationCause() instanceof TimeoutException) {
        served.expire("deadline from " + source + " passed while " + method + " was being served");
      }
    }, Runnable::run);
    return new Binding<>(Contexts.interceptCall(cancellable, served, headers, next), context, cancellable);
  }

  /**
   * Header lookup over metadata (repeated values joined with ","), where {@code grpc-timeout},
   * consumed by grpc-java, is reconstructed from the call's deadline.
   */
  private static Function<String, String> lookup(Metadata headers, io.grpc.Deadline grpcDeadline) {
    return name -> {
      if (name.equals(WireHeaders.GRPC_TIMEOUT)) {
        return grpcDeadline == null ? null
            : TimeoutHeaders.formatGrpcTimeout(Duration.ofNanos(grpcDeadline.timeRemaining(TimeUnit.NANOSECONDS)));
      }
      Iterable<String> values = headers.getAll(KEYS.computeIfAbsent(name,
          n -> Metadata.Key.of(n, Metadata.ASCII_STRING_MARSHALLER)));
      if (values == null) {
        return null;
      }
      Iterator<String> it = values.iterator();
      String first = it.next();
      if (!it.hasNext()) {
        return first;
      }
      StringBuilder joined = new StringBuilder(first);
      while (it.hasNext()) {
        joined.append(',').append(it.next());
      }
      return joined.toString();
    };
  }

  /** Attaches the context and MDC around every callback; cancels our derived context at the end. */
  private static final class Binding<ReqT> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {
    private final CallContext context;
    private final Context.CancellableContext cancellable;

    Binding(ServerCall.Listener<ReqT> delegate, CallContext context, Context.CancellableContext cancellable) {
      super(delegate);
      this.context = context;
      this.cancellable = cancellable;
    }

    @Override
    public void onMessage(ReqT message) {
      try (ContextMdc.Scope s = ContextMdc.attachInbound(context)) {
        super.onMessage(message);
      }
    }

    @Override
    public void onHalfClose() {
      try (ContextMdc.Scope s = ContextMdc.attachInbound(context)) {
        super.onHalfClose();
      }
    }

    @Override
    public void onCancel() {
      try (ContextMdc.Scope s = ContextMdc.attachInbound(context)) {
        super.onCancel();
      } finally {
        release();
      }
    }

    @Override
    public void onComplete() {
      try (ContextMdc.Scope s = ContextMdc.attachInbound(context)) {
        super.onComplete();
      } finally {
        release();
      }
    }

    @Override
    public void onReady() {
      try (ContextMdc.Scope s = ContextMdc.attachInbound(context)) {
        super.onReady();
      }
    }

    private void release() {
      if (cancellable != null) {
        cancellable.cancel(null);
      }
    }
  }
}

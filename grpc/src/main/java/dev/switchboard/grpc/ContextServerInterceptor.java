package dev.switchboard.grpc;

import dev.switchboard.context.CallContext;
import dev.switchboard.context.CorrelationId;
import dev.switchboard.context.TraceContext;
import dev.switchboard.grpc.internal.Headers;
import dev.switchboard.internal.SharedScheduler;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Deadline;
import dev.switchboard.time.Ticker;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Binds the inbound call's {@link CallContext} on the server, as the HTTP server filter does, so
 * that every Switchboard client used while serving (HTTP or gRPC) propagates it with no code in
 * the service.
 *
 * <ul>
 *   <li>Deadline: the earliest of {@code grpc-timeout} (read through grpc-java's own
 *       {@code io.grpc.Context} deadline) and {@code x-request-timeout-ms}, clamped to a maximum,
 *       measured on this process's ticker. Garbage values are ignored.
 *   <li>A call whose deadline has already passed is closed with {@code DEADLINE_EXCEEDED} and the
 *       service is never invoked.
 *   <li>Correlation id from {@code x-request-id} (or {@code x-correlation-id}); a missing or
 *       invalid one (over 128 characters, bad characters) is replaced by a fresh id, never passed
 *       on. It is echoed in the response headers.
 *   <li>{@code traceparent}/{@code tracestate}: a malformed parent starts a new root trace.
 *   <li>Attempt number and hedge flag from {@code x-request-attempt} and {@code x-request-hedge}.
 * </ul>
 *
 * <p>The context is attached to the thread around every listener callback (so a unary handler
 * sees it in {@code CallContext.current()}) and also stored in {@code io.grpc.Context} under
 * {@link SwitchboardGrpc#CALL_CONTEXT}, whose deadline is tightened to ours; so grpc-java's own
 * deadline propagation to outgoing gRPC calls works too, even without our client interceptor.
 *
 * <p>Thread-safe; one instance serves every call.
 */
public final class ContextServerInterceptor implements ServerInterceptor {
  /** Inbound deadlines longer than this are clamped to it. */
  public static final Duration DEFAULT_MAX_DEADLINE = Duration.ofMinutes(5);

  private final Ticker ticker;
  private final long maxDeadlineNanos;
  private final TelemetryListener telemetry;

  private ContextServerInterceptor(Ticker ticker, Duration maxDeadline, TelemetryListener telemetry) {
    this.ticker = ticker;
    this.maxDeadlineNanos = maxDeadline.toNanos();
    this.telemetry = telemetry;
  }

  /** System ticker, 5 minute clamp, no telemetry. */
  public static ContextServerInterceptor create() {
    return create(Ticker.system(), DEFAULT_MAX_DEADLINE, TelemetryListener.NOOP);
  }

  /**
   * @param ticker the ticker inbound deadlines are measured on
   * @param maxDeadline the longest inbound deadline honoured
   * @param telemetry receives {@code onInboundExpired} for rejected calls
   */
  public static ContextServerInterceptor create(Ticker ticker, Duration maxDeadline, TelemetryListener telemetry) {
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(maxDeadline, "maxDeadline");
    Objects.requireNonNull(telemetry, "telemetry");
    if (maxDeadline.isNegative() || maxDeadline.isZero()) {
      throw new IllegalArgumentException("maxDeadline must be > 0: " + maxDeadline);
    }
    return new ContextServerInterceptor(ticker, maxDeadline, telemetry);
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    Context grpcContext = Context.current();
    long remaining = Long.MAX_VALUE;
    io.grpc.Deadline grpcDeadline = grpcContext.getDeadline();
    if (grpcDeadline != null) {
      remaining = grpcDeadline.timeRemaining(TimeUnit.NANOSECONDS);
    }
    long headerMs = Headers.parseNonNegative(headers.get(Headers.REQUEST_TIMEOUT_MS), 12);
    boolean tighterThanGrpc = false;
    if (headerMs >= 0 && TimeUnit.MILLISECONDS.toNanos(headerMs) < remaining) {
      remaining = TimeUnit.MILLISECONDS.toNanos(headerMs);
      tighterThanGrpc = true;
    }
    String method = call.getMethodDescriptor().getFullMethodName();
    if (remaining <= 0) {
      telemetry.onInboundExpired("POST", "/" + method);
      call.close(Status.DEADLINE_EXCEEDED.withDescription(
          "deadline expired before " + method + " reached the service; not invoked"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (remaining > maxDeadlineNanos && remaining != Long.MAX_VALUE) {
      remaining = maxDeadlineNanos;
    }
    Deadline deadline = remaining == Long.MAX_VALUE ? null : Deadline.afterNanos(remaining, ticker);

    String inboundId = headers.get(Headers.REQUEST_ID);
    if (inboundId == null) {
      inboundId = headers.get(Headers.CORRELATION_ID);
    }
    String correlationId = CorrelationId.validOrNew(inboundId);
    TraceContext trace = TraceContext.parse(headers.get(Headers.TRACEPARENT), headers.get(Headers.TRACESTATE))
        .orElseGet(TraceContext::newRoot);
    long attempt = Headers.parseNonNegative(headers.get(Headers.ATTEMPT), 3);
    boolean hedge = "1".equals(headers.get(Headers.HEDGE));
    CallContext context = CallContext.empty()
        .withDeadline(deadline)
        .withCorrelationId(correlationId)
        .withTrace(trace)
        .withAttempt(attempt < 0 ? 0 : (int) attempt, hedge);

    Context bound = grpcContext.withValue(SwitchboardGrpc.CALL_CONTEXT, context);
    Context.CancellableContext cancellable = null;
    if (tighterThanGrpc) {
      // Make grpc-java's own propagation see the tighter deadline we honour.
      cancellable = bound.withDeadlineAfter(remaining, TimeUnit.NANOSECONDS, SharedScheduler.get());
      bound = cancellable;
    }
    ServerCall<ReqT, RespT> echoing = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void sendHeaders(Metadata responseHeaders) {
        responseHeaders.discardAll(Headers.REQUEST_ID);
        responseHeaders.put(Headers.REQUEST_ID, correlationId);
        super.sendHeaders(responseHeaders);
      }
    };
    ServerCall.Listener<ReqT> delegate = Contexts.interceptCall(bound, echoing, headers, next);
    return new Binding<>(delegate, context, cancellable);
  }

  /** Attaches the CallContext around every callback; cancels our derived context at the end. */
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
      try (CallContext.Scope s = context.attach()) {
        super.onMessage(message);
      }
    }

    @Override
    public void onHalfClose() {
      try (CallContext.Scope s = context.attach()) {
        super.onHalfClose();
      }
    }

    @Override
    public void onCancel() {
      try (CallContext.Scope s = context.attach()) {
        super.onCancel();
      } finally {
        release();
      }
    }

    @Override
    public void onComplete() {
      try (CallContext.Scope s = context.attach()) {
        super.onComplete();
      } finally {
        release();
      }
    }

    @Override
    public void onReady() {
      try (CallContext.Scope s = context.attach()) {
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

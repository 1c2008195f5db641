package dev.switchboard.pipeline.internal;

import dev.switchboard.context.CallTracer;
import dev.switchboard.context.TraceContext;
import dev.switchboard.errors.CancelledCallException;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's side of a call's telemetry and tracing that is not an attempt's: the tracer's
 * call handle (when a listener is a {@link CallTracer}) and the end of a call however it ended. A
 * tracer or listener that throws is logged and the call goes on without it. Thread-safe.
 */
public final class CallTelemetry {
  private static final Logger LOG = LoggerFactory.getLogger(CallTelemetry.class);

  private final TelemetryListener telemetry;
  private final CallTracer tracer; // null: the pipeline mints W3C ids itself

  public CallTelemetry(TelemetryListener telemetry) {
    this.telemetry = telemetry;
    this.tracer = telemetry.as(CallTracer.class).orElse(null);
  }

  /** The tracer's handle of a new call, or null without a tracer (or when it failed: logged). */
  public CallTracer.Span startCall(CallInfo info, TraceContext inbound) {
    if (tracer == null) {
      return null;
    }
    try {
      return Objects.requireNonNull(tracer.startCall(info, inbound), "CallTracer.startCall returned null");
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("call tracer {} failed to start {}; random trace ids are sent", tracer, info, e);
      return null;
    }
  }

  /**
   * Runs once the caller's future completed, however: cancels what is still in flight, reports a
   * cancellation by the caller (the other outcomes are reported where they are decided) and ends
   * the tracer's call handle if nothing did yet.
   */
  public void ended(RealCall call, CompletableFuture<?> result, Throwable error) {
    call.finish();
    if (result.isCancelled()) {
      try {
        telemetry.onCallEnd(call.info(), call.elapsed(), new CancelledCallException("call cancelled by the caller", error));
      } catch (RuntimeException e) {
        LOG.warn("telemetry listener threw on a cancelled call; ignored", e);
      }
    }
    endTrace(call, error);
  }

  /**
   * Ends the tracer's call handle, once per call (the first outcome wins). The pipeline calls it
   * just before it completes the caller's future, so a caller that resumes finds the call's span
   * ended; {@link #ended} covers completions that bypass that (the caller cancelling).
   */
  public void endTrace(RealCall call, Throwable error) {
    CallTracer.Span span = call.trace();
    if (span == null || !call.claimTraceEnd()) {
      return;
    }
    try {
      span.endCall(call.attempts(), error);
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("call tracer failed to end {}; ignored", call.info(), e);
    }
  }
}

package dev.switchboard.context;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.telemetry.AttemptResult;
import dev.switchboard.telemetry.CallInfo;

/**
 * SPI hook: where the trace context of each outbound call and attempt comes from. Without one,
 * Switchboard mints W3C ids itself (the inbound trace, or a new root, and a random child span id
 * per attempt). A tracing adapter implements this to return the ids of the spans it records, so
 * the {@code traceparent} each attempt sends names a span that really exists:
 * {@code switchboard-opentelemetry} does.
 *
 * <p>A {@link dev.switchboard.telemetry.TelemetryListener} that implements this interface (found
 * with {@link dev.switchboard.telemetry.TelemetryListener#as}) is the pipeline's tracer; at most
 * one is used, the first of the configured listeners.
 *
 * <p>Handles pair starts with ends exactly: the pipeline keeps each {@link Span} it was given and
 * ends it once, so an implementation needs no lookup tables.
 *
 * <p><b>Threading:</b> {@link #startCall} runs on the caller's thread (where a tracing library's
 * current context is the caller's); {@link Span#startAttempt} and the ends run on whatever thread
 * the pipeline is on (caller, transport or timer threads), possibly concurrently for one call's
 * hedges. Never block, never throw (a throwing tracer fails the call).
 */
public interface CallTracer {
  /**
   * Starts tracing one call.
   *
   * @param call the call
   * @param inbound the trace bound to the caller's {@link CallContext} (from a server filter), or
   *     null
   * @return the call's handle; never null
   */
  Span startCall(CallInfo call, TraceContext inbound);

  /** One call's (or one attempt's) trace handle. */
  interface Span {
    /** The trace context of this call or attempt: what is sent (attempts) or what attempts descend from (calls). */
    TraceContext context();

    /**
     * Starts one attempt of this call. Called for calls only.
     *
     * @param number 1 for the first attempt
     * @param hedge true for a hedge
     * @param endpoint where it goes
     * @return the attempt's handle, whose {@link #context()} is sent on the wire
     */
    Span startAttempt(int number, boolean hedge, Endpoint endpoint);

    /** Ends an attempt's handle with how it ended. Called once per attempt handle. */
    default void endAttempt(AttemptResult result) {}

    /**
     * Ends a call's handle. Called once per call, however it ended.
     *
     * @param attempts attempts that went out
     * @param error null on success; the failure otherwise (a {@code ServiceCallException}, or
     *     the caller's cancellation)
     */
    default void endCall(int attempts, Throwable error) {}
  }
}

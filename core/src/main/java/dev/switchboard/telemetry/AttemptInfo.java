package dev.switchboard.telemetry;

import dev.switchboard.endpoint.Endpoint;
import java.util.Objects;

/**
 * One attempt of a call, as telemetry sees it: which call, its number, whether it is a hedge,
 * where it went and the trace ids it sent ({@code traceparent} = {@code 00-traceId-spanId-flags}).
 * The same instance is passed to {@link TelemetryListener#onAttemptStart(AttemptInfo)} and
 * {@link TelemetryListener#onAttemptEnd(AttemptInfo, AttemptResult)}. Immutable.
 */
public final class AttemptInfo {
  private final CallInfo call;
  private final int number;
  private final boolean hedge;
  private final Endpoint endpoint;
  private final String traceId;
  private final String spanId;

  /**
   * @param call the call
   * @param number 1 for the first attempt, counting retries and hedges
   * @param hedge true for a hedge
   * @param endpoint where it went
   * @param traceId the 32-hex trace id it sent
   * @param spanId the 16-hex span id it sent as the next hop's parent
   */
  public AttemptInfo(CallInfo call, int number, boolean hedge, Endpoint endpoint, String traceId, String spanId) {
    this.call = Objects.requireNonNull(call, "call");
    this.number = number;
    this.hedge = hedge;
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.traceId = Objects.requireNonNull(traceId, "traceId");
    this.spanId = Objects.requireNonNull(spanId, "spanId");
  }

  public CallInfo call() {
    return call;
  }

  /** 1 for the first attempt. */
  public int number() {
    return number;
  }

  /** How many times this call was sent before this attempt (OpenTelemetry's {@code http.request.resend_count}). */
  public int resendCount() {
    return number - 1;
  }

  public boolean hedge() {
    return hedge;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** The trace id this attempt sent. */
  public String traceId() {
    return traceId;
  }

  /** The span id this attempt sent: the parent of whatever the next hop records. */
  public String spanId() {
    return spanId;
  }

  @Override
  public String toString() {
    return "AttemptInfo[" + call.service() + " " + call.method() + " " + call.template() + " #" + number
        + (hedge ? " hedge" : "") + " -> " + endpoint.address() + ", span " + spanId + "]";
  }
}

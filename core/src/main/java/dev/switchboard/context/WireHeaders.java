package dev.switchboard.context;

/**
 * Header (and gRPC metadata) names Switchboard reads and writes, as in DESIGN.md's wire formats.
 * All lowercase. Deadlines are always relative on the wire.
 */
public final class WireHeaders {
  /** Correlation id, written on every outbound attempt. */
  public static final String REQUEST_ID = "x-request-id";
  /** Also accepted inbound as a correlation id. */
  public static final String CORRELATION_ID = "x-correlation-id";
  /** W3C trace parent; a new child span per attempt. */
  public static final String TRACEPARENT = "traceparent";
  /** W3C trace state, passed through when valid. */
  public static final String TRACESTATE = "tracestate";
  /** Remaining time in whole milliseconds, recomputed at each attempt. */
  public static final String REQUEST_TIMEOUT_MS = "x-request-timeout-ms";
  /** gRPC's timeout header, also read by HTTP servers. */
  public static final String GRPC_TIMEOUT = "grpc-timeout";
  /** Envoy's expected timeout, also read inbound. */
  public static final String ENVOY_EXPECTED_TIMEOUT_MS = "x-envoy-expected-rq-timeout-ms";
  /** Attempt number, 1 for the first. */
  public static final String REQUEST_ATTEMPT = "x-request-attempt";
  /** {@code 1} on hedged attempts. */
  public static final String REQUEST_HEDGE = "x-request-hedge";
  /** Server pushback in ms; negative means "overloaded, do not retry". */
  public static final String RETRY_PUSHBACK_MS = "x-retry-pushback-ms";
  /** gRPC's pushback metadata. */
  public static final String GRPC_RETRY_PUSHBACK_MS = "grpc-retry-pushback-ms";

  private WireHeaders() {}
}

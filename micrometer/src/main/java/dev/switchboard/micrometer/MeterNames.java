package dev.switchboard.micrometer;

/**
 * The names of the meters {@link MicrometerTelemetry} registers and of their tags: OpenTelemetry's
 * semantic-convention names where one exists ({@code http.client.request.duration},
 * {@code rpc.client.duration}, {@code http.request.method}, {@code url.template}, ...), and
 * {@code switchboard.*} names for what the conventions do not cover. Prometheus shows dots as
 * underscores, timers in seconds with {@code _seconds} and counters with {@code _total}
 * ({@code http_client_request_duration_seconds_bucket}, {@code switchboard_client_retries_total}).
 * The user guide's "Observe it" section lists every series with its tags and meaning.
 */
public final class MeterNames {
  private MeterNames() {}

  // ---- timers
  /** Each logical call, from the caller's point of view (retries and hedges included). */
  public static final String CALL_DURATION = "switchboard.client.call.duration";
  /** Each HTTP attempt (OpenTelemetry's HTTP client metric: one per request sent). */
  public static final String HTTP_CLIENT_REQUEST_DURATION = "http.client.request.duration";
  /** Each gRPC attempt (OpenTelemetry's RPC client metric). */
  public static final String RPC_CLIENT_DURATION = "rpc.client.duration";
  /** Each attempt per endpoint; only with {@link MicrometerTelemetry.Builder#perEndpointMeters(int)}. */
  public static final String ENDPOINT_DURATION = "switchboard.client.endpoint.duration";

  // ---- counters
  /** Retries scheduled, by the error that caused them. */
  public static final String RETRIES = "switchboard.client.retries";
  /** Hedges issued, won and lost. */
  public static final String HEDGES = "switchboard.client.hedges";
  /** Retries and hedges the retry budget refused. */
  public static final String BUDGET_REFUSALS = "switchboard.client.retry.budget.refusals";
  /** Calls the circuit breaker refused. */
  public static final String CIRCUIT_REJECTIONS = "switchboard.client.circuit.rejections";
  /** Calls the concurrency limit refused. */
  public static final String LIMIT_REJECTIONS = "switchboard.client.concurrency.rejections";
  /** Endpoints ejected by outlier detection. */
  public static final String EJECTIONS = "switchboard.client.ejections";
  /** Endpoint sets discovery delivered. */
  public static final String DISCOVERY_UPDATES = "switchboard.client.discovery.updates";

  // ---- gauges
  /** Retries and hedges the budget allows now. */
  public static final String BUDGET_BALANCE = "switchboard.client.retry.budget.balance";
  /** 1 for the breaker's current state, 0 for the others (tag {@link #STATE}). */
  public static final String CIRCUIT_STATE = "switchboard.client.circuit.state";
  /** The concurrency limit now. */
  public static final String LIMIT = "switchboard.client.concurrency.limit";
  /** Calls holding a slot of the concurrency limit. */
  public static final String LIMIT_IN_FLIGHT = "switchboard.client.concurrency.in_flight";
  /** Endpoints by {@link #STATE}: available, ejected, unhealthy. */
  public static final String ENDPOINTS = "switchboard.client.endpoints";
  /** The delay before a hedge is sent, now. */
  public static final String HEDGE_DELAY = "switchboard.client.hedge.delay";

  // ---- tags
  /** The client's destination name. On every meter. */
  public static final String SERVICE = "switchboard.service";
  /** {@code http} or {@code grpc}. */
  public static final String PROTOCOL = "switchboard.protocol";
  /** {@code success} or {@code failure}. */
  public static final String OUTCOME = "switchboard.outcome";
  /** The {@code ErrorKind} in lower case, or {@code none}. */
  public static final String ERROR_KIND = "switchboard.error.kind";
  /** {@code issued}, {@code won} or {@code lost}. */
  public static final String HEDGE_EVENT = "switchboard.hedge.event";
  /** Attempts of this call sent before this one (gRPC; HTTP uses {@link #RESEND_COUNT}). */
  public static final String RPC_RESEND_COUNT = "switchboard.resend_count";
  /** The state a gauge counts. */
  public static final String STATE = "state";

  /** OpenTelemetry: the HTTP method, or {@code _OTHER}. */
  public static final String METHOD = "http.request.method";
  /** OpenTelemetry: the path template, or {@code _unknown} (never the raw path). */
  public static final String TEMPLATE = "url.template";
  /** OpenTelemetry: the destination; Switchboard's service name (discovery resolves it to endpoints). */
  public static final String SERVER_ADDRESS = "server.address";
  /** OpenTelemetry: the HTTP status, or {@code none} when no answer arrived. */
  public static final String STATUS_CODE = "http.response.status_code";
  /** OpenTelemetry: the status code for failed answers, else the error kind; {@code none} on success. */
  public static final String ERROR_TYPE = "error.type";
  /** OpenTelemetry: how many times the call was sent before this attempt. */
  public static final String RESEND_COUNT = "http.request.resend_count";
  /** OpenTelemetry RPC: {@code grpc}. */
  public static final String RPC_SYSTEM = "rpc.system";
  /** OpenTelemetry RPC: the full service name, e.g. {@code users.UserService}. */
  public static final String RPC_SERVICE = "rpc.service";
  /** OpenTelemetry RPC: the method name, e.g. {@code GetUser}. */
  public static final String RPC_METHOD = "rpc.method";
  /** OpenTelemetry RPC: the numeric gRPC status code, or {@code none}. */
  public static final String RPC_GRPC_STATUS = "rpc.grpc.status_code";
  /** OpenTelemetry: an endpoint's {@code host:port}, on {@link #ENDPOINT_DURATION} only. */
  public static final String PEER_ADDRESS = "network.peer.address";

  /** Tag value standing in for a template beyond the per-service cap, or an endpoint beyond its cap. */
  public static final String OTHER = "_other";
  /** Tag value for "not applicable" (no error, no status). */
  public static final String NONE = "none";
}

package dev.switchboard.errors;

/**
 * What a failure status means, in words every transport maps onto: the canonical codes of
 * {@code google.rpc.Code}, which gRPC uses on the wire and Google's HTTP APIs use as well. Policies
 * that judge a status (which failures send the next hedge at once, say) are written against these,
 * so one policy works for HTTP and gRPC alike. {@link StatusException#code()} carries it.
 *
 * <p>HTTP statuses map as in {@code google.rpc.Code}'s HTTP mapping, except that 502, 503 and 504
 * all mean {@link #UNAVAILABLE} (a proxy or the server could not take the call now; another
 * replica may), as in gRPC's mapping of HTTP statuses
 * ({@code grpc/doc/http-grpc-status-mapping.md}). gRPC codes map by value.
 */
public enum StatusCode {
  CANCELLED(1),
  UNKNOWN(2),
  INVALID_ARGUMENT(3),
  DEADLINE_EXCEEDED(4),
  NOT_FOUND(5),
  ALREADY_EXISTS(6),
  PERMISSION_DENIED(7),
  RESOURCE_EXHAUSTED(8),
  FAILED_PRECONDITION(9),
  ABORTED(10),
  OUT_OF_RANGE(11),
  UNIMPLEMENTED(12),
  INTERNAL(13),
  UNAVAILABLE(14),
  DATA_LOSS(15),
  UNAUTHENTICATED(16);

  private static final StatusCode[] BY_GRPC_VALUE = new StatusCode[17];

  static {
    for (StatusCode c : values()) {
      BY_GRPC_VALUE[c.grpcValue] = c;
    }
  }

  private final int grpcValue;

  StatusCode(int grpcValue) {
    this.grpcValue = grpcValue;
  }

  /** The gRPC status code value ({@code 14} for {@link #UNAVAILABLE}). */
  public int grpcValue() {
    return grpcValue;
  }

  /**
   * The code of a failed HTTP status (400..599): 400 {@link #INVALID_ARGUMENT}, 401
   * {@link #UNAUTHENTICATED}, 403 {@link #PERMISSION_DENIED}, 404 {@link #NOT_FOUND}, 409
   * {@link #ABORTED}, 412 {@link #FAILED_PRECONDITION}, 416 {@link #OUT_OF_RANGE}, 429
   * {@link #RESOURCE_EXHAUSTED}, 499 {@link #CANCELLED}, other 4xx {@link #FAILED_PRECONDITION};
   * 500 {@link #INTERNAL}, 501 {@link #UNIMPLEMENTED}, 502/503/504 {@link #UNAVAILABLE}, other
   * 5xx and anything else {@link #UNKNOWN}.
   */
  public static StatusCode ofHttp(int status) {
    return switch (status) {
      case 400 -> INVALID_ARGUMENT;
      case 401 -> UNAUTHENTICATED;
      case 403 -> PERMISSION_DENIED;
      case 404 -> NOT_FOUND;
      case 409 -> ABORTED;
      case 412 -> FAILED_PRECONDITION;
      case 416 -> OUT_OF_RANGE;
      case 429 -> RESOURCE_EXHAUSTED;
      case 499 -> CANCELLED;
      case 500 -> INTERNAL;
      case 501 -> UNIMPLEMENTED;
      case 502, 503, 504 -> UNAVAILABLE;
      default -> status >= 400 && status < 500 ? FAILED_PRECONDITION : UNKNOWN;
    };
  }

  /** The code of a gRPC status code value (1..16); {@link #UNKNOWN} for anything else. */
  public static StatusCode ofGrpc(int value) {
    return value > 0 && value < BY_GRPC_VALUE.length ? BY_GRPC_VALUE[value] : UNKNOWN;
  }
}

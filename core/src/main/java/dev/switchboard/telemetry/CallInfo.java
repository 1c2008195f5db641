package dev.switchboard.telemetry;

import java.util.Objects;

/**
 * Identifies a call in telemetry events. One instance per call: every event of the call carries
 * the same object.
 *
 * <p>{@link #path()} is the real path and may hold ids; it is for logs and error messages only.
 * Anything that aggregates (metrics, span names) must use {@link #template()}, which is bounded:
 * the path template the call was made from ({@code /users/{id}}), or {@link #UNKNOWN_TEMPLATE} when
 * nobody said. For gRPC the full method name ({@code /pkg.Service/Method}) is the template.
 *
 * @param service the logical service name (the client's destination)
 * @param method the HTTP method, or {@code POST} for gRPC
 * @param path the request path, without query string
 * @param correlationId the call's correlation id
 * @param template the path template, or {@link #UNKNOWN_TEMPLATE}; never the raw path
 * @param protocol {@link #HTTP} or {@link #GRPC}
 */
public record CallInfo(String service, String method, String path, String correlationId, String template,
    String protocol) {
  /** The template of a call made without one: a fixed placeholder, so raw paths never become tags. */
  public static final String UNKNOWN_TEMPLATE = "_unknown";
  /** {@link #protocol()} of HTTP calls. */
  public static final String HTTP = "http";
  /** {@link #protocol()} of gRPC calls. */
  public static final String GRPC = "grpc";

  public CallInfo {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(protocol, "protocol");
  }

  /** An HTTP call whose template is unknown (the shape of this record before templates). */
  public CallInfo(String service, String method, String path, String correlationId) {
    this(service, method, path, correlationId, UNKNOWN_TEMPLATE, HTTP);
  }

  /** True when the call was made from a known template. */
  public boolean hasTemplate() {
    return !UNKNOWN_TEMPLATE.equals(template);
  }

  /** True for gRPC calls. */
  public boolean isGrpc() {
    return GRPC.equals(protocol);
  }
}

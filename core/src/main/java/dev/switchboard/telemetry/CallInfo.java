package dev.switchboard.telemetry;

/**
 * Identifies a call in telemetry events.
 *
 * @param service the logical service name
 * @param method the HTTP method or gRPC method
 * @param path the request path, without query string
 * @param correlationId the call's correlation id
 */
public record CallInfo(String service, String method, String path, String correlationId) {}

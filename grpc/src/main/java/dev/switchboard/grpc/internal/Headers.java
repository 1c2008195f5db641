package dev.switchboard.grpc.internal;

import io.grpc.Metadata;

/**
 * The metadata keys Switchboard reads and writes, the same names as its HTTP headers (see the
 * wire-format table in the design). Constants only.
 */
public final class Headers {
  public static final Metadata.Key<String> REQUEST_ID = ascii("x-request-id");
  public static final Metadata.Key<String> TRACEPARENT = ascii("traceparent");
  public static final Metadata.Key<String> TRACESTATE = ascii("tracestate");
  public static final Metadata.Key<String> ATTEMPT = ascii("x-request-attempt");
  public static final Metadata.Key<String> HEDGE = ascii("x-request-hedge");
  public static final Metadata.Key<String> PREVIOUS_ATTEMPTS = ascii("grpc-previous-rpc-attempts");

  private Headers() {}

  private static Metadata.Key<String> ascii(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }
}

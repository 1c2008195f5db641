package dev.switchboard.grpc.internal;

import io.grpc.Metadata;

/**
 * The metadata keys Switchboard reads and writes, the same names as its HTTP headers (see the
 * wire-format table in the design). Constants only.
 */
public final class Headers {
  public static final Metadata.Key<String> REQUEST_ID = ascii("x-request-id");
  public static final Metadata.Key<String> CORRELATION_ID = ascii("x-correlation-id");
  public static final Metadata.Key<String> TRACEPARENT = ascii("traceparent");
  public static final Metadata.Key<String> TRACESTATE = ascii("tracestate");
  public static final Metadata.Key<String> ATTEMPT = ascii("x-request-attempt");
  public static final Metadata.Key<String> HEDGE = ascii("x-request-hedge");
  public static final Metadata.Key<String> PREVIOUS_ATTEMPTS = ascii("grpc-previous-rpc-attempts");
  /** A relative timeout some HTTP-first callers send alongside or instead of grpc-timeout. */
  public static final Metadata.Key<String> REQUEST_TIMEOUT_MS = ascii("x-request-timeout-ms");

  private Headers() {}

  private static Metadata.Key<String> ascii(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }

  /** A small non-negative integer header, or -1 when absent or garbage. */
  public static long parseNonNegative(String value, int maxDigits) {
    if (value == null) {
      return -1;
    }
    String v = value.trim();
    if (v.isEmpty() || v.length() > maxDigits) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}

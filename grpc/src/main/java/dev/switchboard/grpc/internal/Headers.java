package dev.switchboard.grpc.internal;

import dev.switchboard.context.TraceContext;
import io.grpc.Metadata;

/**
 * The metadata keys Switchboard reads and writes, the same names as its HTTP headers (see the
 * wire-format table in the design), and the one place that writes the propagation headers of an
 * outgoing call. Stateless.
 */
public final class Headers {
  public static final Metadata.Key<String> REQUEST_ID = ascii("x-request-id");
  public static final Metadata.Key<String> TRACEPARENT = ascii("traceparent");
  public static final Metadata.Key<String> TRACESTATE = ascii("tracestate");
  public static final Metadata.Key<String> ATTEMPT = ascii("x-request-attempt");
  public static final Metadata.Key<String> HEDGE = ascii("x-request-hedge");
  public static final Metadata.Key<String> PREVIOUS_ATTEMPTS = ascii("grpc-previous-rpc-attempts");

  private Headers() {}

  /**
   * Writes the propagation headers of one attempt into {@code headers}, replacing any the caller
   * set: {@code x-request-id}, {@code traceparent} (the attempt's own span) and
   * {@code tracestate}, {@code x-request-attempt}, {@code grpc-previous-rpc-attempts} (gRFC A6:
   * the attempts sent before this one, from the second on) and {@code x-request-hedge}.
   *
   * @param replace false when {@code headers} is known to hold none of them (saves the scans)
   */
  public static void writeOutbound(Metadata headers, boolean replace, String correlationId, TraceContext trace,
      int attempt, boolean hedge) {
    put(headers, replace, REQUEST_ID, correlationId);
    put(headers, replace, TRACEPARENT, trace.toTraceparent());
    put(headers, replace, TRACESTATE, trace.traceState().orElse(null));
    put(headers, replace, ATTEMPT, Integer.toString(attempt));
    put(headers, replace, PREVIOUS_ATTEMPTS, attempt > 1 ? Integer.toString(attempt - 1) : null);
    put(headers, replace, HEDGE, hedge ? "1" : null);
  }

  private static void put(Metadata headers, boolean replace, Metadata.Key<String> key, String value) {
    if (replace) {
      headers.discardAll(key);
    }
    if (value != null) {
      headers.put(key, value);
    }
  }

  private static Metadata.Key<String> ascii(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }
}

package dev.switchboard.context;

import java.util.Locale;
import java.util.Objects;

/**
 * The SLF4J MDC key names {@link ContextMdc} writes. Two presets:
 *
 * <table>
 *   <caption>MDC keys</caption>
 *   <tr><th>value</th><th>{@link #SWITCHBOARD} (default)</th><th>{@link #SPRING}</th></tr>
 *   <tr><td>correlation id</td><td>{@code correlation_id}</td><td>{@code correlationId}</td></tr>
 *   <tr><td>32-hex trace id</td><td>{@code trace_id}</td><td>{@code traceId}</td></tr>
 *   <tr><td>16-hex span id</td><td>{@code span_id}</td><td>{@code spanId}</td></tr>
 * </table>
 *
 * {@link #SPRING} uses the names Spring Boot's Micrometer Tracing puts in the MDC (and its
 * default log pattern prints), so one log pattern serves both. {@link #SWITCHBOARD} uses
 * OpenTelemetry's logging names ({@code trace_id}, {@code span_id}). Choose with
 * {@link ContextMdc#useKeys(MdcKeys)} or the system property {@value #PROPERTY} ({@code switchboard}
 * or {@code spring}) read at start-up.
 *
 * @param correlationId key of the correlation id
 * @param traceId key of the trace id
 * @param spanId key of the span id
 */
public record MdcKeys(String correlationId, String traceId, String spanId) {
  /** System property naming the preset used at start-up. */
  public static final String PROPERTY = "switchboard.mdc.keys";
  /** {@code correlation_id}, {@code trace_id}, {@code span_id}: the default. */
  public static final MdcKeys SWITCHBOARD = new MdcKeys("correlation_id", "trace_id", "span_id");
  /** {@code correlationId}, {@code traceId}, {@code spanId}: Spring Boot's (Micrometer Tracing) names. */
  public static final MdcKeys SPRING = new MdcKeys("correlationId", "traceId", "spanId");

  public MdcKeys {
    requireKey(correlationId, "correlationId");
    requireKey(traceId, "traceId");
    requireKey(spanId, "spanId");
    if (correlationId.equals(traceId) || correlationId.equals(spanId) || traceId.equals(spanId)) {
      throw new IllegalArgumentException("MDC keys must differ: " + correlationId + ", " + traceId + ", " + spanId);
    }
  }

  /**
   * The preset named {@code name} ({@code switchboard} or {@code spring}, any case).
   *
   * @throws IllegalArgumentException for any other name
   */
  public static MdcKeys named(String name) {
    return switch (Objects.requireNonNull(name, "name").trim().toLowerCase(Locale.ROOT)) {
      case "switchboard" -> SWITCHBOARD;
      case "spring" -> SPRING;
      default -> throw new IllegalArgumentException(
          PROPERTY + " must be \"switchboard\" or \"spring\", was \"" + name + "\"");
    };
  }

  private static void requireKey(String key, String what) {
    Objects.requireNonNull(key, what);
    if (key.isBlank()) {
      throw new IllegalArgumentException("MDC key for " + what + " must not be blank");
    }
  }
}

package dev.switchboard.context;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses server pushback, for every transport: {@code Retry-After} (delta seconds or HTTP-date),
 * {@code x-retry-pushback-ms} and gRPC's {@code grpc-retry-pushback-ms}. A positive value is how
 * long the endpoint asks not to be sent to; a negative one means "overloaded, do not retry at any
 * layer" (see {@link WireHeaders#RETRY_PUSHBACK_MS}). Garbage is ignored and logged at debug,
 * never thrown. Stateless and thread-safe.
 */
public final class Pushback {
  private static final Logger log = LoggerFactory.getLogger(Pushback.class);
  /** Upper bound for any pushback we honour; longer values are clamped. */
  public static final Duration MAX = Duration.ofHours(1);

  private Pushback() {}

  /**
   * Parses {@code Retry-After}. Returns null when absent or garbage.
   *
   * @param nowEpochMillis wall-clock now, used only for the HTTP-date form
   */
  public static Duration parseRetryAfter(String value, long nowEpochMillis) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (v.isEmpty()) {
      return null;
    }
    if (v.chars().allMatch(Character::isDigit)) {
      if (v.length() > 7) {
        return MAX;
      }
      return clamp(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      long delta = at.toInstant().toEpochMilli() - nowEpochMillis;
      return clamp(Duration.ofMillis(Math.max(0, delta)));
    } catch (DateTimeParseException e) {
      log.debug("ignoring unparseable Retry-After \"{}\"", v);
      return null;
    }
  }

  /**
   * Parses {@code x-retry-pushback-ms} / {@code grpc-retry-pushback-ms}. Returns null when absent
   * or garbage, a negative duration for "do not retry".
   */
  public static Duration parsePushbackMillis(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (v.isEmpty() || v.length() > 12) {
      log.debug("ignoring unparseable pushback \"{}\"", v);
      return null;
    }
    try {
      long ms = Long.parseLong(v);
      return ms < 0 ? Duration.ofMillis(-1) : clamp(Duration.ofMillis(ms));
    } catch (NumberFormatException e) {
      log.debug("ignoring unparseable pushback \"{}\"", v);
      return null;
    }
  }

  private static Duration clamp(Duration d) {
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}

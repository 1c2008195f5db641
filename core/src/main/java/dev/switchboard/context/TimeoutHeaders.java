package dev.switchboard.context;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Parses and formats the relative timeouts Switchboard reads and writes: {@code
 * x-request-timeout-ms} and {@code x-envoy-expected-rq-timeout-ms} (whole milliseconds) and gRPC's
 * {@code grpc-timeout} (at most 8 digits and a unit: {@code H M S m u n}).
 *
 * <p>Parsing is strict and never throws: anything that is not exactly the documented syntax
 * (signs, decimals, spaces inside, non-ASCII digits, unknown units, too many digits) is garbage and
 * yields {@link Optional#empty()}. Optional whitespace (space, tab) around the value is allowed, as
 * HTTP permits it. Clamping to a maximum is the caller's job ({@link InboundContext} does it).
 * Thread-safe (static utility).
 */
public final class TimeoutHeaders {
  /** gRPC limits the timeout value to 8 digits. */
  public static final int GRPC_MAX_DIGITS = 8;
  /** Longest millisecond value accepted; longer digit strings are garbage, not huge budgets. */
  public static final int MILLIS_MAX_DIGITS = 18;

  private TimeoutHeaders() {}

  /**
   * Parses a whole number of milliseconds ({@code x-request-timeout-ms}, {@code
   * x-envoy-expected-rq-timeout-ms}). Zero is valid and means "no time left".
   */
  public static Optional<Duration> parseMillis(String value) {
    String v = trimOws(value);
    if (v == null || v.isEmpty() || v.length() > MILLIS_MAX_DIGITS || !allAsciiDigits(v, v.length())) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(Long.parseLong(v)));
  }

  /** Parses a {@code grpc-timeout} value such as {@code 250m}, {@code 1S} or {@code 100000u}. */
  public static Optional<Duration> parseGrpcTimeout(String value) {
    String v = trimOws(value);
    if (v == null || v.length() < 2 || v.length() > GRPC_MAX_DIGITS + 1) {
      return Optional.empty();
    }
    int digits = v.length() - 1;
    if (!allAsciiDigits(v, digits)) {
      return Optional.empty();
    }
    long amount = Long.parseLong(v.substring(0, digits));
    switch (v.charAt(digits)) {
      case 'H':
        return Optional.of(Duration.ofHours(amount));
      case 'M':
        return Optional.of(Duration.ofMinutes(amount));
      case 'S':
        return Optional.of(Duration.ofSeconds(amount));
      case 'm':
        return Optional.of(Duration.ofMillis(amount));
      case 'u':
        return Optional.of(Duration.of(amount, ChronoUnit.MICROS));
      case 'n':
        return Optional.of(Duration.ofNanos(amount));
      default:
        return Optional.empty();
    }
  }

  /**
   * Formats {@code timeout} as a {@code grpc-timeout} value in the finest unit that fits 8 digits,
   * rounding up so the receiver never sees more time than we had. Negative values become {@code 0n}.
   */
  public static String formatGrpcTimeout(Duration timeout) {
    long nanos = saturatedNanos(timeout);
    if (nanos <= 0) {
      return "0n";
    }
    long[] per = {1L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L};
    char[] unit = {'n', 'u', 'm', 'S', 'M', 'H'};
    for (int i = 0; i < per.length; i++) {
      long amount = nanos / per[i] + (nanos % per[i] == 0 ? 0 : 1); // round up without overflow
      if (amount < 100_000_000L) {
        return amount + String.valueOf(unit[i]);
      }
    }
    return "99999999H";
  }

  /** Formats whole milliseconds (rounded down, never negative) for {@code x-request-timeout-ms}. */
  public static String formatMillis(Duration timeout) {
    return Long.toString(Math.max(0, saturatedNanos(timeout) / 1_000_000L));
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static String trimOws(String value) {
    if (value == null) {
      return null;
    }
    int start = 0;
    int end = value.length();
    while (start < end && isOws(value.charAt(start))) {
      start++;
    }
    while (end > start && isOws(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(start, end);
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean allAsciiDigits(String s, int count) {
    for (int i = 0; i < count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}

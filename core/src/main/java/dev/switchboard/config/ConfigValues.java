package dev.switchboard.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How configuration text becomes values, written once for every key and for the annotations that
 * take text ({@code @Timeout("250ms")}). Each parser throws an {@link IllegalArgumentException}
 * whose message says what was expected ("must be a duration such as 250ms, 2s or PT2S"); the
 * binder adds the key and the value. Stateless and thread-safe.
 */
public final class ConfigValues {
  private static final Pattern DURATION = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb|tb)?");

  private ConfigValues() {}

  /**
   * A duration: a number with a unit ({@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 5m},
   * {@code 1h}, {@code 1d}, {@code 100us}, {@code 10ns}), ISO-8601 ({@code PT2S}), or {@code 0}.
   * A bare number other than 0 is refused: "timeout: 2" could mean 2 ms or 2 s.
   */
  public static Duration duration(String text) {
    String t = text.trim();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(t.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      BigDecimal amount = new BigDecimal(m.group(1));
      long nanosPerUnit = switch (m.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> 86_400_000_000_000L;
      };
      try {
        return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact());
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("must be a duration of at most 292 years, in whole nanoseconds");
      }
    }
    if (t.startsWith("P") || t.startsWith("p") || t.startsWith("-P") || t.startsWith("-p")) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        // fall through to the common message
      }
    }
    throw new IllegalArgumentException("must be a duration such as 250ms, 2s, 1m or PT2S");
  }

  /** A whole number (an int). */
  public static int integer(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a whole number");
    }
  }

  /** A finite decimal number, e.g. {@code 0.2} or {@code 1.5}. */
  public static double decimal(String text) {
    try {
      double d = Double.parseDouble(text.trim());
      if (Double.isFinite(d) && !text.trim().matches("(?i).*[a-z].*")) { // refuses "NaN", "1e3d", "0x1p3"
        return d;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("must be a number such as 0.2 or 1.5");
  }

  /** {@code true}/{@code false} (also {@code yes}/{@code no}, {@code on}/{@code off}), any case. */
  public static boolean bool(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  /**
   * A size in bytes: a whole number of bytes, or with a unit {@code B}, {@code KB}, {@code MB},
   * {@code GB}, {@code TB} (powers of 1024, as Spring's {@code DataSize}), e.g. {@code 10MB}.
   */
  public static long dataSize(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
        case "kb" -> 10;
        case "mb" -> 20;
        case "gb" -> 30;
        case "tb" -> 40;
        default -> 0;
      };
      try {
        long n = Long.parseLong(m.group(1));
        if (n <= (Long.MAX_VALUE >> shift)) {
          return n << shift;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new IllegalArgumentException("must be a size such as 1048576, 512KB or 10MB");
  }

  /** A comma-separated list; blanks around items are dropped, and so are empty items ({@code ""} is empty). */
  public static List<String> list(String text) {
    List<String> out = new ArrayList<>();
    for (String s : text.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  /**
   * The constant of {@code type} named by {@code text}, any case, with {@code -} for {@code _}
   * ({@code connect-failed} is {@code CONNECT_FAILED}).
   */
  public static <E extends Enum<E>> E choice(String text, Class<E> type) {
    String wanted = text.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(wanted)) {
        return e;
      }
    }
    throw new IllegalArgumentException("must be one of " + choices(type));
  }

  /** The constants of {@code type} as configuration spells them: {@code connect-failed, timeout, ...}. */
  public static <E extends Enum<E>> String choices(Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    return String.join(", ", names);
  }
}

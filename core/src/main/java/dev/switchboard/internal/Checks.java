package dev.switchboard.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The validation every immutable policy and config runs in {@code build()}, written once so
 * every builder reports a bad value the same way: {@code "<field> must be <rule>: <value>"}.
 * Stateless; core only.
 */
public final class Checks {
  private Checks() {}

  /** {@code d}, if non-null and strictly positive. */
  public static Duration positive(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(field + " must be > 0: " + d);
    }
    return d;
  }

  /** {@code d}, if non-null and not negative. */
  public static Duration nonNegative(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative()) {
      throw new IllegalArgumentException(field + " must be >= 0: " + d);
    }
    return d;
  }

  /** {@code d}, if non-null and within {@code [min, max]}. */
  public static Duration between(String field, Duration d, Duration min, Duration max, String range) {
    Objects.requireNonNull(d, field);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(field + " must be " + range + ": " + d);
    }
    return d;
  }

  /** {@code d}, if non-null and at least {@code min} (described as {@code rule}, e.g. {@code ">= 10 ms"}). */
  public static Duration atLeast(String field, Duration d, Duration min, String rule) {
    Objects.requireNonNull(d, field);
    if (d.compareTo(min) < 0) {
      throw new IllegalArgumentException(field + " must be " + rule + ": " + d);
    }
    return d;
  }

  /** {@code v}, if at least {@code min}. */
  public static int atLeast(String field, int v, int min) {
    if (v < min) {
      throw new IllegalArgumentException(field + " must be >= " + min + ": " + v);
    }
    return v;
  }

  /** {@code v}, if within {@code [min, max]}. */
  public static int between(String field, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(field + " must be " + min + ".." + max + ": " + v);
    }
    return v;
  }

  /** {@code v}, if a finite number within {@code [min, max]} (described as {@code range}). */
  public static double between(String field, double v, double min, double max, String range) {
    if (!(v >= min && v <= max)) {
      throw new IllegalArgumentException(field + " must be " + range + ": " + v);
    }
    return v;
  }

  /** Attempts per call including the first: 1..{@code cap} (gRPC A6 caps them at 5). */
  public static int attempts(String field, int v, int cap) {
    if (v < 1 || v > cap) {
      throw new IllegalArgumentException(field + " must be 1.." + cap + ": " + v);
    }
    return v;
  }
}

package dev.switchboard.testing;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link Reply}'s extra latency comes from: each answered request draws one value. The
 * factories are seeded, so a test replays the same sequence of draws on every run (the order in
 * which concurrent requests draw is of course up to the scheduler).
 *
 * <pre>{@code
 * // "tail at scale": 5 ms usually, 1% of requests take 500 ms
 * LatencyDistribution tail = LatencyDistribution.mostly(ofMillis(5), 0.01, ofMillis(500), 42);
 * server.route("GET", "/slow").reply(Reply.ok("x").latency(tail));
 * }</pre>
 *
 * <p>Implementations must be thread-safe: connection threads draw concurrently. The built-in ones
 * are.
 */
@FunctionalInterface
public interface LatencyDistribution {
  /** The next latency to add; never negative and never null. */
  Duration next();

  /** Always {@code latency}. */
  static LatencyDistribution fixed(Duration latency) {
    Duration value = checkNonNegative(latency, "latency");
    return () -> value;
  }

  /** Uniform in {@code [min, max]} (nanosecond resolution), from a random seeded with {@code seed}. */
  static LatencyDistribution uniform(Duration min, Duration max, long seed) {
    long lo = checkNonNegative(min, "min").toNanos();
    long hi = checkNonNegative(max, "max").toNanos();
    if (hi < lo) {
      throw new IllegalArgumentException("max (" + max + ") is below min (" + min + ")");
    }
    SeededRandom random = new SeededRandom(seed);
    return () -> Duration.ofNanos(lo == hi ? lo : random.nextLong(lo, hi + 1));
  }

  /** {@code usual}, except that with probability {@code tailProbability} it is {@code tail}. */
  static LatencyDistribution mostly(
      Duration usual, double tailProbability, Duration tail, long seed) {
    return mostly(fixed(usual), tailProbability, fixed(tail), seed);
  }

  /**
   * Draws from {@code usual}, except that with probability {@code tailProbability} it draws from
   * {@code tail}. The coin is seeded with {@code seed}.
   */
  static LatencyDistribution mostly(
      LatencyDistribution usual, double tailProbability, LatencyDistribution tail, long seed) {
    Objects.requireNonNull(usual, "usual");
    Objects.requireNonNull(tail, "tail");
    if (!(tailProbability >= 0.0 && tailProbability <= 1.0)) {
      throw new IllegalArgumentException(
          "tailProbability must be in [0, 1], was " + tailProbability);
    }
    SeededRandom coin = new SeededRandom(seed);
    return () -> coin.nextDouble() < tailProbability ? tail.next() : usual.next();
  }

  private static Duration checkNonNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
    return value;
  }
}

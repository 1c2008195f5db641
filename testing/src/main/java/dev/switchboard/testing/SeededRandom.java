package dev.switchboard.testing;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A deterministic {@link RandomGenerator} for simulations: the same seed gives the same coin flips.
 * Synchronized, so it may be shared by a test's threads, though single-threaded simulations are
 * the point.
 */
public final class SeededRandom implements RandomGenerator {
  private final SplittableRandom random;

  public SeededRandom(long seed) {
    this.random = new SplittableRandom(seed);
  }

  @Override
  public synchronized long nextLong() {
    return random.nextLong();
  }
}

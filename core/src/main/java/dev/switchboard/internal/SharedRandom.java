package dev.switchboard.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The production random source: a thread-safe view of {@link ThreadLocalRandom} (a plain
 * {@code Random} would make every coin flip contend on one atomic seed). Tests inject a seeded
 * generator instead. Core only.
 */
public final class SharedRandom implements RandomGenerator {
  /** The one instance. */
  public static final RandomGenerator INSTANCE = new SharedRandom();

  private SharedRandom() {}

  @Override
  public long nextLong() {
    return ThreadLocalRandom.current().nextLong();
  }

  @Override
  public double nextDouble() {
    return ThreadLocalRandom.current().nextDouble();
  }

  @Override
  public String toString() {
    return "ThreadLocalRandom";
  }
}

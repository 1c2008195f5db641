package dev.switchboard.policy.internal;

import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free count of events over a sliding time window, kept in {@code slices} buckets. Each
 * bucket is one {@code long} packing the bucket's epoch (high 32 bits) and its count (low 32
 * bits, unsigned and saturating), so a stale bucket is reset and counted into by a single CAS and
 * nothing is ever lost to a reset race. The window covers between {@code window - slice} and
 * {@code window}. Thread-safe.
 */
public final class SlidingWindowCounter {
  private static final long COUNT_MASK = 0xFFFF_FFFFL;

  private final Ticker ticker;
  private final long sliceNanos;
  private final int slices;
  private final AtomicLongArray buckets;

  public SlidingWindowCounter(Ticker ticker, Duration window, int slices) {
    if (slices < 1) {
      throw new IllegalArgumentException("slices must be >= 1: " + slices);
    }
    this.ticker = ticker;
    this.slices = slices;
    this.sliceNanos = Math.max(1, window.toNanos() / slices);
    this.buckets = new AtomicLongArray(slices);
    long epoch = epoch(ticker.nanoTime());
    for (int i = 0; i < slices; i++) {
      buckets.set(i, pack((int) (epoch - slices), 0)); // all buckets start outside the window
    }
  }

  /** Adds {@code n} (small, positive) to the current bucket. */
  public void add(long n) {
    long epoch = epoch(ticker.nanoTime());
    int i = index(epoch);
    int e = (int) epoch;
    while (true) {
      long cur = buckets.get(i);
      long next = epochOf(cur) == e ? pack(e, Math.min(COUNT_MASK, countOf(cur) + n)) : pack(e, n);
      if (buckets.compareAndSet(i, cur, next)) {
        return;
      }
    }
  }

  /** Events within the window. */
  public long sum() {
    long epoch = epoch(ticker.nanoTime());
    long sum = 0;
    for (int i = 0; i < slices; i++) {
      sum += countIfLive(buckets.get(i), (int) epoch);
    }
    return sum;
  }

  /**
   * Adds one event only if the window's sum stays at or below {@code limit}. Exact against
   * concurrent callers of this method: the last check and the increment are one CAS on the current
   * bucket, and other buckets only ever age out (which can only make room).
   */
  public boolean incrementIfAtMost(long limit) {
    while (true) {
      long epoch = epoch(ticker.nanoTime());
      int i = index(epoch);
      int e = (int) epoch;
      long others = 0;
      for (int j = 0; j < slices; j++) {
        if (j != i) {
          others += countIfLive(buckets.get(j), e);
        }
      }
      long cur = buckets.get(i);
      long current = epochOf(cur) == e ? countOf(cur) : 0;
      if (others + current + 1 > limit) {
        return false;
      }
      if (buckets.compareAndSet(i, cur, pack(e, current + 1))) {
        return true;
      }
    }
  }

  /** Removes one event from the current bucket if it has any (a refund of a withdrawal). */
  public void decrementCurrent() {
    long epoch = epoch(ticker.nanoTime());
    int i = index(epoch);
    int e = (int) epoch;
    while (true) {
      long cur = buckets.get(i);
      if (epochOf(cur) != e || countOf(cur) == 0) {
        return;
      }
      if (buckets.compareAndSet(i, cur, pack(e, countOf(cur) - 1))) {
        return;
      }
    }
  }

  private long countIfLive(long bucket, int epoch) {
    int age = epoch - epochOf(bucket); // int arithmetic wraps consistently
    return age >= 0 && age < slices ? countOf(bucket) : 0;
  }

  private long epoch(long nanos) {
    return Math.floorDiv(nanos, sliceNanos);
  }

  private int index(long epoch) {
    return (int) Math.floorMod(epoch, (long) slices);
  }

  private static long pack(int epoch, long count) {
    return ((long) epoch << 32) | (count & COUNT_MASK);
  }

  private static int epochOf(long bucket) {
    return (int) (bucket >>> 32);
  }

  private static long countOf(long bucket) {
    return bucket & COUNT_MASK;
  }
}

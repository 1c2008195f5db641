package dev.switchboard.policy.internal;

import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free latency histogram over a sliding time window, for percentiles that follow a
 * changing distribution. Values are bucketed log-linearly in microseconds: eight buckets per
 * power of two, so a percentile is exact to within one bucket (at most 12.5% above the true
 * value, since {@link #percentileNanos} reports a bucket's upper edge); values from 0 to about
 * 268 s are distinguished, larger ones land in the last bucket.
 *
 * <p>The window is {@code slices} time slices; each (bucket, slice) cell is one {@code long}
 * packing the slice's epoch (high 32 bits) and its count (low 32 bits), as in
 * {@link SlidingWindowCounter}: a stale cell is reset and counted into by one CAS, so recording
 * is one CAS with no lock and no lost update, and old slices age out without any sweeper. The
 * window covers between {@code window - window/slices} and {@code window}.
 *
 * <p>Threading: {@link #record} and {@link #percentileNanos} may be called from any thread.
 * A percentile reads every cell (about two thousand) without a snapshot, so it is exact only when
 * nothing records meanwhile; callers compute it periodically, not per call.
 */
public final class LatencyHistogram {
  private static final int SUB_BITS = 3;
  private static final int SUB = 1 << SUB_BITS;
  private static final int MAX_EXPONENT = 27; // 2^28 µs ≈ 268 s
  /** Buckets 0..7 hold 0..7 µs one each; then eight per power of two up to 2^28 µs. */
  static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 2) * SUB;
  private static final long MAX_MICROS = (1L << (MAX_EXPONENT + 1)) - 1;
  private static final long COUNT_MASK = 0xFFFF_FFFFL;

  private final Ticker ticker;
  private final long sliceNanos;
  private final int slices;
  private final AtomicLongArray cells; // bucket-major: cell (b, s) at b * slices + s

  public LatencyHistogram(Ticker ticker, Duration window, int slices) {
    if (slices < 1) {
      throw new IllegalArgumentException("slices must be >= 1: " + slices);
    }
    this.ticker = ticker;
    this.slices = slices;
    this.sliceNanos = Math.max(1, window.toNanos() / slices);
    this.cells = new AtomicLongArray(BUCKETS * slices);
    long epoch = Math.floorDiv(ticker.nanoTime(), sliceNanos);
    for (int i = 0; i < cells.length(); i++) {
      cells.set(i, pack((int) (epoch - slices), 0)); // every cell starts outside the window
    }
  }

  /** Records one latency (negative values count as 0). */
  public void record(long nanos) {
    long epoch = Math.floorDiv(ticker.nanoTime(), sliceNanos);
    int e = (int) epoch;
    int i = bucket(Math.max(0, nanos) / 1000) * slices + (int) Math.floorMod(epoch, (long) slices);
    while (true) {
      long cur = cells.get(i);
      long next = epochOf(cur) == e ? pack(e, Math.min(COUNT_MASK, countOf(cur) + 1)) : pack(e, 1);
      if (cells.compareAndSet(i, cur, next)) {
        return;
      }
    }
  }

  /** Latencies recorded within the window. */
  public long count() {
    int e = (int) Math.floorDiv(ticker.nanoTime(), sliceNanos);
    long n = 0;
    for (int i = 0; i < cells.length(); i++) {
      n += countIfLive(cells.get(i), e);
    }
    return n;
  }

  /**
   * The {@code percentile} (0..100) of the window's latencies, as the upper edge of the bucket
   * holding it, in nanoseconds; -1 when fewer than {@code minSamples} latencies are in the window.
   */
  public long percentileNanos(double percentile, long minSamples) {
    int e = (int) Math.floorDiv(ticker.nanoTime(), sliceNanos);
    long[] perBucket = new long[BUCKETS];
    long total = 0;
    for (int b = 0; b < BUCKETS; b++) {
      long n = 0;
      for (int s = 0, base = b * slices; s < slices; s++) {
        n += countIfLive(cells.get(base + s), e);
      }
      perBucket[b] = n;
      total += n;
    }
    if (total < Math.max(1, minSamples)) {
      return -1;
    }
    long rank = Math.max(1, (long) Math.ceil(total * percentile / 100.0));
    long seen = 0;
    for (int b = 0; b < BUCKETS; b++) {
      seen += perBucket[b];
      if (seen >= rank) {
        return upperEdgeMicros(b) * 1000;
      }
    }
    return upperEdgeMicros(BUCKETS - 1) * 1000;
  }

  /** The bucket of a latency in microseconds. */
  static int bucket(long micros) {
    long v = Math.min(micros, MAX_MICROS);
    if (v < SUB) {
      return (int) v;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(v);
    int sub = (int) (v >>> (exponent - SUB_BITS)) & (SUB - 1);
    return (exponent - SUB_BITS + 1) * SUB + sub;
  }

  /** The first microsecond value above bucket {@code b}. */
  static long upperEdgeMicros(int b) {
    if (b < SUB) {
      return b + 1;
    }
    int exponent = b / SUB + SUB_BITS - 1;
    int sub = b % SUB;
    return (long) (SUB + sub + 1) << (exponent - SUB_BITS);
  }

  private long countIfLive(long cell, int epoch) {
    int age = epoch - epochOf(cell); // int arithmetic wraps consistently
    return age >= 0 && age < slices ? countOf(cell) : 0;
  }

  private static long pack(int epoch, long count) {
    return ((long) epoch << 32) | (count & COUNT_MASK);
  }

  private static int epochOf(long cell) {
    return (int) (cell >>> 32);
  }

  private static long countOf(long cell) {
    return cell & COUNT_MASK;
  }
}

package dev.switchboard.cli.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Calls and attempts in fixed time buckets from a start instant, for "over time" charts: calls,
 * successes and latency by the bucket the call started in, attempts per endpoint by the bucket they
 * were sent in. Events outside the covered span are dropped. Thread-safe.
 */
public final class Timeline {
  private static final long MAX_MICROS = 60_000_000;

  private final long startNanos;
  private final long bucketNanos;
  private final List<Bucket> buckets = new ArrayList<>();

  /** One time slice. */
  public static final class Bucket {
    private final LongAdder calls = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final LongAdder attempts = new LongAdder();
    private final Map<String, LongAdder> byAddress = new ConcurrentHashMap<>();
    private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(MAX_MICROS, 3);

    public long calls() {
      return calls.sum();
    }

    public long ok() {
      return ok.sum();
    }

    public long attempts() {
      return attempts.sum();
    }

    public long attemptsTo(String address) {
      LongAdder a = byAddress.get(address);
      return a == null ? 0 : a.sum();
    }

    /** Successes in percent of calls; NaN without calls. */
    public double successPercent() {
      long c = calls();
      return c == 0 ? Double.NaN : 100.0 * ok() / c;
    }

    /** Attempts to {@code address} in percent of all attempts; NaN without attempts. */
    public double sharePercent(String address) {
      long a = attempts();
      return a == 0 ? Double.NaN : 100.0 * attemptsTo(address) / a;
    }

    /** Latency percentile of the calls that started in this bucket, in ms; NaN without calls. */
    public double percentileMillis(double percentile) {
      return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  public Timeline(long startNanos, Duration bucket, Duration span) {
    this.startNanos = startNanos;
    this.bucketNanos = bucket.toNanos();
    long count = (span.toNanos() + bucketNanos - 1) / bucketNanos;
    for (int i = 0; i < count; i++) {
      buckets.add(new Bucket());
    }
  }

  /** A call that started at {@code callStartNanos} (System.nanoTime) ended at {@code endNanos}. */
  public void call(long callStartNanos, long endNanos, boolean ok) {
    Bucket b = at(callStartNanos);
    if (b != null) {
      b.calls.increment();
      if (ok) {
        b.ok.increment();
      }
      b.latencyMicros.recordValue(Math.min(MAX_MICROS, Math.max(1, (endNanos - callStartNanos) / 1000)));
    }
  }

  /** An attempt was sent to {@code address} at {@code nanos} (System.nanoTime). */
  public void attempt(long nanos, String address) {
    Bucket b = at(nanos);
    if (b != null) {
      b.attempts.increment();
      b.byAddress.computeIfAbsent(address, k -> new LongAdder()).increment();
    }
  }

  private Bucket at(long nanos) {
    long i = (nanos - startNanos) / bucketNanos;
    return nanos < startNanos || i >= buckets.size() ? null : buckets.get((int) i);
  }

  public List<Bucket> buckets() {
    return List.copyOf(buckets);
  }

  /** Start of bucket {@code i} in seconds from the start. */
  public double startSeconds(int i) {
    return i * bucketNanos / 1e9;
  }

  /** Middle of bucket {@code i} in seconds from the start (where charts plot it). */
  public double midSeconds(int i) {
    return (i + 0.5) * bucketNanos / 1e9;
  }
}

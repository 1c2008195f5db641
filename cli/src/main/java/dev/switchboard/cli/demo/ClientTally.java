package dev.switchboard.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * What one client did in each phase: calls, successes, latency, and requests sent (attempts), plus
 * what it kept sending to the killed replica. Calls count in the phase they started in, attempts in
 * the phase they were sent in. Thread-safe (adders, atomics and concurrent histograms).
 */
final class ClientTally {
  private static final long MAX_MICROS = 60_000_000;

  private final String name;
  private final FaultSchedule schedule;
  private final long startNanos;
  private final String killedAddress;
  private final List<PhaseStats> phases = new ArrayList<>();
  private final LongAdder attemptsToKilled = new LongAdder();
  private final AtomicLong lastToKilledNanos = new AtomicLong(-1);

  /** One phase's numbers. */
  static final class PhaseStats {
    final LongAdder calls = new LongAdder();
    final LongAdder ok = new LongAdder();
    final LongAdder attempts = new LongAdder();
    final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(MAX_MICROS, 3);

    long calls() {
      return calls.sum();
    }

    double successPercent() {
      long c = calls.sum();
      return c == 0 ? Double.NaN : 100.0 * ok.sum() / c;
    }

    double requestsPerCall() {
      long c = calls.sum();
      return c == 0 ? Double.NaN : (double) attempts.sum() / c;
    }

    double percentileMillis(double percentile) {
      return latencyMicros.getTotalCount() == 0 ? Double.NaN
          : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  ClientTally(String name, FaultSchedule schedule, long startNanos, String killedAddress) {
    this.name = name;
    this.schedule = schedule;
    this.startNanos = startNanos;
    this.killedAddress = killedAddress;
    for (int i = 0; i < schedule.phases().size(); i++) {
      phases.add(new PhaseStats());
    }
  }

  String name() {
    return name;
  }

  /** A call that started at {@code startNanos} (System.nanoTime) ended now. */
  void call(long callStartNanos, boolean ok) {
    long now = System.nanoTime();
    PhaseStats p = phases.get(schedule.at(callStartNanos - startNanos).index());
    p.calls.increment();
    if (ok) {
      p.ok.increment();
    }
    p.latencyMicros.recordValue(Math.min(MAX_MICROS, Math.max(1, (now - callStartNanos) / 1000)));
  }

  /** One request went to {@code address} now. */
  void attempt(String address) {
    long offset = System.nanoTime() - startNanos;
    phases.get(schedule.at(offset).index()).attempts.increment();
    if (address.equals(killedAddress) && offset >= schedule.killAtNanos()
        && offset < schedule.named(FaultSchedule.KILL).endNanos()) {
      attemptsToKilled.increment();
      lastToKilledNanos.accumulateAndGet(offset, Math::max);
    }
  }

  PhaseStats phase(Phase phase) {
    return phases.get(phase.index());
  }

  /** Requests sent to the killed replica between the kill and the end of the kill phase. */
  long attemptsToKilled() {
    return attemptsToKilled.sum();
  }

  /**
   * How long after the kill this client sent its last request to the dead replica, in nanoseconds;
   * 0 when it sent none; -1 when it was still sending in the last quarter of the kill phase (it did
   * not recover).
   */
  long recoveryNanos() {
    long last = lastToKilledNanos.get();
    if (last < 0) {
      return 0;
    }
    Phase kill = schedule.named(FaultSchedule.KILL);
    if (last >= kill.endNanos() - kill.lengthNanos() / 4) {
      return -1;
    }
    return last - schedule.killAtNanos();
  }
}

package dev.switchboard.cli.demo;

import dev.switchboard.testing.SeededRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's faults, one per phase, derived from a seed: the same seed gives the same phases, the
 * same kill moment and (through the replicas' seeded draws) the same sequence of 503s and latencies.
 * Phases isolate one fault each, except that a killed replica stays dead:
 * <ol>
 *   <li>warm-up (not reported), then {@code steady}: every replica healthy;</li>
 *   <li>{@code 503s}: users-1 answers a share of its requests with 503;</li>
 *   <li>{@code slow}: users-2 answers every request late;</li>
 *   <li>{@code kill}: the users-3 process is killed with SIGKILL shortly after the phase starts;</li>
 *   <li>{@code outage}: the two replicas left answer 503 to everything.</li>
 * </ol>
 * Immutable.
 */
final class FaultSchedule {
  static final String STEADY = "steady";
  static final String FLAKY = "503s";
  static final String SLOW = "slow";
  static final String KILL = "kill";
  static final String OUTAGE = "outage";

  private final List<Phase> phases;
  private final long killAtNanos;
  private final double flakyRate;
  private final Duration slowLatency;
  private final long seed;

  private FaultSchedule(List<Phase> phases, long killAtNanos, double flakyRate, Duration slowLatency, long seed) {
    this.phases = List.copyOf(phases);
    this.killAtNanos = killAtNanos;
    this.flakyRate = flakyRate;
    this.slowLatency = slowLatency;
    this.seed = seed;
  }

  /** The schedule for {@code seed}, each reported phase {@code phaseLength} long after {@code warmUp}. */
  static FaultSchedule of(long seed, Duration warmUp, Duration phaseLength) {
    SeededRandom random = new SeededRandom(seed);
    double flakyRate = 0.20 + 0.10 * random.nextDouble();                 // 20..30% of users-1's answers
    Duration slow = Duration.ofMillis(150 + random.nextInt(100));        // 150..249 ms per answer
    long phase = phaseLength.toNanos();
    long killOffset = (long) (phase * (0.10 + 0.15 * random.nextDouble())); // 10..25% into the kill phase
    String[][] names = {
        {"warm-up", "none (not measured)"},
        {STEADY, "none"},
        {FLAKY, String.format("users-1 answers %.0f%% of requests with 503", flakyRate * 100)},
        {SLOW, "users-2 answers after " + slow.toMillis() + " ms"},
        {KILL, String.format("users-3 process killed (SIGKILL) at +%.1f s", killOffset / 1e9)},
        {OUTAGE, "users-1 and users-2 answer 503, users-3 dead"}};
    List<Phase> phases = new ArrayList<>();
    long start = 0;
    for (int i = 0; i < names.length; i++) {
      long length = i == 0 ? warmUp.toNanos() : phase;
      phases.add(new Phase(i, names[i][0], names[i][1], start, start + length, i > 0));
      start += length;
    }
    long killAt = phases.get(4).startNanos() + killOffset;
    return new FaultSchedule(phases, killAt, flakyRate, slow, seed);
  }

  List<Phase> phases() {
    return phases;
  }

  List<Phase> reported() {
    return phases.stream().filter(Phase::reported).toList();
  }

  Phase named(String name) {
    return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  /** The phase at {@code offsetNanos} from the start; the last phase once the schedule is over. */
  Phase at(long offsetNanos) {
    for (Phase p : phases) {
      if (p.contains(offsetNanos)) {
        return p;
      }
    }
    return phases.get(phases.size() - 1);
  }

  long totalNanos() {
    return phases.get(phases.size() - 1).endNanos();
  }

  long killAtNanos() {
    return killAtNanos;
  }

  double flakyRate() {
    return flakyRate;
  }

  Duration slowLatency() {
    return slowLatency;
  }

  long seed() {
    return seed;
  }
}

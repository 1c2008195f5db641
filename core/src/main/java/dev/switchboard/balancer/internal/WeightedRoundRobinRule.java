package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.PickContext;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * {@code weighted_round_robin}: a rotation in which each endpoint appears in proportion to its
 * weight, interleaved by earliest deadline first (EDF) [Envoy]. The schedule is computed once per
 * rebuild on the control side (endpoint i's k-th slot has deadline {@code (k + ½) / w_i}, so heavy
 * endpoints are spread out rather than bunched), and the hot path only increments a counter and
 * indexes an array: no lock, no heap.
 *
 * <p>An endpoint the pick may not use (excluded by the call, or backing off after
 * {@code Retry-After}) gives up its turn: the pick takes the next turn of the shared rotation
 * rather than the next endpoint after it, so the others absorb its share evenly. Stepping to the
 * neighbour instead would hand the whole share to one endpoint (measured: 4,108 requests against
 * 2,056 for the other healthy one while a third backed off).
 *
 * <p>Weights are first divided by their greatest common divisor; if the schedule would still be
 * longer than {@value #MAX_SCHEDULE} slots, weights are scaled down proportionally (each keeps at
 * least one slot), which keeps memory bounded for huge or skewed weights.
 */
final class WeightedRoundRobinRule implements PickRule {
  static final int MAX_SCHEDULE = 1 << 16;

  private final AtomicInteger next;

  WeightedRoundRobinRule(RandomGenerator random) {
    this.next = new AtomicInteger(random.nextInt(1 << 16));
  }

  @Override
  public Selector bind(Candidates candidates) {
    int[] schedule = schedule(candidates.weights);
    // Turns to take before scanning: enough to pass every unusable endpoint's slots in practice,
    // bounded so a pick with most endpoints excluded stays cheap.
    int turns = Math.min(schedule.length, 2 * candidates.size() + 2);
    return new Selector(candidates) {
      @Override
      int select(PickContext context, long now, boolean strict) {
        int i = schedule[Math.floorMod(next.getAndIncrement(), schedule.length)];
        for (int t = 1; t < turns && !candidates.usable(i, context, now, strict); t++) {
          i = schedule[Math.floorMod(next.getAndIncrement(), schedule.length)];
        }
        return candidates.usable(i, context, now, strict) ? i : candidates.scan(i, context, now, strict);
      }
    };
  }

  /** The EDF rotation for {@code weights}: a slot list in which i appears about w_i times. */
  static int[] schedule(int[] weights) {
    int n = weights.length;
    int g = 0;
    long total = 0;
    for (int w : weights) {
      g = gcd(g, w);
    }
    int[] w = new int[n];
    for (int i = 0; i < n; i++) {
      w[i] = weights[i] / g;
      total += w[i];
    }
    if (total > MAX_SCHEDULE) {
      double scale = (double) MAX_SCHEDULE / total;
      total = 0;
      for (int i = 0; i < n; i++) {
        w[i] = Math.max(1, (int) Math.round(w[i] * scale));
        total += w[i];
      }
    }
    int length = (int) total;
    int[] slots = new int[length];
    if (length == n) {
      for (int i = 0; i < n; i++) {
        slots[i] = i; // equal weights: EDF would give exactly this rotation, without the heap
      }
      return slots;
    }
    int[] issued = new int[n];
    // Heap entries: deadline, then index for a deterministic tie-break.
    PriorityQueue<double[]> heap = new PriorityQueue<>(Math.max(1, n),
        (x, y) -> x[0] != y[0] ? Double.compare(x[0], y[0]) : Double.compare(x[1], y[1]));
    for (int i = 0; i < n; i++) {
      heap.add(new double[] {0.5 / w[i], i});
    }
    for (int s = 0; s < length; s++) {
      double[] top = heap.poll();
      int i = (int) top[1];
      slots[s] = i;
      if (++issued[i] < w[i]) {
        top[0] = (issued[i] + 0.5) / w[i];
        heap.add(top);
      }
    }
    return slots;
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}

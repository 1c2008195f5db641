package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.EndpointStats;
import dev.switchboard.balancer.PickContext;
import dev.switchboard.endpoint.Endpoint;
import java.util.random.RandomGenerator;

/**
 * The immutable set a {@link Selector} picks from: endpoints of one priority level that health,
 * ejection and panic mode left eligible, their live statistics, weights and slow-start ramp starts,
 * as parallel arrays. Built on the control side; read concurrently on the hot path.
 */
final class Candidates {
  /** {@link #rampStart} value of an endpoint that is not ramping. */
  static final long NOT_RAMPING = Long.MIN_VALUE;

  final Endpoint[] endpoints;
  final EndpointStats[] stats;
  final int[] weights;
  /** Mean weight ÷ weight, per endpoint: how many "average" endpoints one in-flight request fills. */
  final double[] capacityScale;
  final long[] rampStart;
  final boolean uniformWeights;
  /** Weighted draws; null when weights are uniform (a plain uniform draw is then exact). */
  private final WeightedDraw draw;

  Candidates(Endpoint[] endpoints, EndpointStats[] stats, long[] rampStart) {
    this.endpoints = endpoints;
    this.stats = stats;
    this.rampStart = rampStart;
    this.weights = new int[endpoints.length];
    this.capacityScale = new double[endpoints.length];
    boolean uniform = true;
    double total = 0;
    for (int i = 0; i < endpoints.length; i++) {
      weights[i] = endpoints[i].weight();
      uniform &= weights[i] == weights[0];
      total += weights[i];
    }
    double mean = endpoints.length == 0 ? 1 : total / endpoints.length;
    for (int i = 0; i < endpoints.length; i++) {
      capacityScale[i] = uniform ? 1.0 : mean / weights[i];
    }
    this.uniformWeights = uniform;
    this.draw = uniform ? null : new WeightedDraw(weights);
  }

  /** A random index, each with probability proportional to its weight. O(1). */
  int draw(RandomGenerator random) {
    return draw == null ? random.nextInt(endpoints.length) : draw.next(random);
  }

  int size() {
    return endpoints.length;
  }

  /**
   * True if endpoint {@code i} may be picked for {@code context}: not excluded by the call, and
   * (when {@code strict}) not backing off after a server's pushback.
   */
  boolean usable(int i, PickContext context, long now, boolean strict) {
    if (strict && stats[i].isBackingOff(now)) {
      return false;
    }
    return context.excluded().isEmpty() || !context.isExcluded(endpoints[i]);
  }

  /** First usable index scanning from {@code start}, wrapping; -1 if none. O(n), the rare path. */
  int scan(int start, PickContext context, long now, boolean strict) {
    int n = endpoints.length;
    for (int k = 0; k < n; k++) {
      int i = start + k;
      if (i >= n) {
        i -= n;
      }
      if (usable(i, context, now, strict)) {
        return i;
      }
    }
    return -1;
  }
}

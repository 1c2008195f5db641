package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.PickContext;
import java.util.random.RandomGenerator;

/**
 * Power of two choices (P2C): draw two distinct random candidates and take the one with the lower
 * {@link LoadMetric load} per unit of weight [Mitzenmacher; Finagle {@code P2C}]. O(1): two random
 * draws and two metric reads, whatever the number of endpoints. Used by {@code least_request}
 * and {@code peak_ewma}.
 */
final class PowerOfTwoChoicesRule implements PickRule {
  private final RandomGenerator random;
  private final LoadMetric metric;

  PowerOfTwoChoicesRule(RandomGenerator random, LoadMetric metric) {
    this.random = random;
    this.metric = metric;
  }

  @Override
  public Selector bind(Candidates candidates) {
    return new Selector(candidates) {
      @Override
      int select(PickContext context, long now, boolean strict) {
        Candidates c = candidates;
        int n = c.size();
        if (n == 1) {
          return c.usable(0, context, now, strict) ? 0 : -1;
        }
        int a = random.nextInt(n);
        int b = random.nextInt(n - 1);
        if (b >= a) {
          b++; // distinct without a retry loop
        }
        boolean ua = c.usable(a, context, now, strict);
        boolean ub = c.usable(b, context, now, strict);
        if (!ua && !ub) {
          return c.scan(a, context, now, strict);
        }
        if (!ub) {
          return a;
        }
        if (!ua) {
          return b;
        }
        double la = metric.load(c.stats[a], now);
        double lb = metric.load(c.stats[b], now);
        if (!c.uniformWeights) {
          la /= c.weights[a];
          lb /= c.weights[b];
        }
        return la <= lb ? a : b;
      }
    };
  }
}

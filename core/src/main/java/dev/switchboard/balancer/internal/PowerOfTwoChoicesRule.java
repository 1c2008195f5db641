package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.PickContext;
import java.util.random.RandomGenerator;

/**
 * Power of two choices (P2C): draw two candidates and take the one with the lower
 * {@link LoadMetric load} per unit of weight [Mitzenmacher; Finagle {@code P2C}; Envoy's weighted
 * least request divides by weight the same way]. O(1): two draws and two metric reads, whatever the
 * number of endpoints. Used by {@code least_request} and {@code peak_ewma}.
 *
 * <p>With equal weights the two are distinct and uniformly drawn. With unequal weights each is
 * drawn with probability proportional to its weight (Finagle draws through the same alias table),
 * so when loads tie, as they do between idle endpoints under {@code least_request}, traffic splits
 * in proportion to weight; under load, dividing by weight moves it towards the endpoint with spare
 * capacity for its size. A tie goes to the first draw.
 */
final class PowerOfTwoChoicesRule implements PickRule {
  /** Redraws of the second candidate when it repeats the first; a dominant weight may repeat. */
  private static final int REDRAWS = 3;

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
        int a;
        int b;
        if (c.uniformWeights) {
          a = random.nextInt(n);
          b = random.nextInt(n - 1);
          if (b >= a) {
            b++; // distinct without a retry loop
          }
        } else {
          a = c.draw(random);
          b = c.draw(random);
          for (int k = 0; k < REDRAWS && b == a; k++) {
            b = c.draw(random);
          }
        }
        boolean ua = c.usable(a, context, now, strict);
        boolean ub = c.usable(b, context, now, strict);
        if (!ua && !ub) {
          return c.scan(a, context, now, strict);
        }
        if (!ub || a == b) {
          return ua ? a : b;
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

package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.PickContext;
import java.util.random.RandomGenerator;

/**
 * Power of two choices (P2C): draw two candidates and take the one with the lower
 * {@link LoadMetric load} [Mitzenmacher; Finagle {@code P2C}]. O(1): two draws and two metric
 * reads, whatever the number of endpoints. Used by {@code least_request} and {@code peak_ewma}.
 *
 * <p>With equal weights the two are distinct and uniformly drawn. With unequal weights each is
 * drawn independently with probability proportional to its weight (Finagle's alias table), and
 * the same endpoint may be drawn twice. That makes the split proportional to weight whenever the
 * loads do not tell the candidates apart (RFC 2782: the weight is the share): endpoint i is chosen
 * with probability p_i² (drawn twice) plus, for each other j, 2·p_i·p_j times the chance it wins
 * the comparison, which is ½ for exchangeable loads, so p_i² + p_i(1 − p_i) = p_i. The metric
 * counts in-flight requests per unit of capacity ({@link LoadMetric}: in flight × mean weight ÷
 * weight), so under load the same holds at the equilibrium where each endpoint carries in-flight
 * in proportion to its weight. (Dividing the whole load by the weight, as Finagle does, makes the
 * heavier endpoint win every idle pair: weights 3:1 then split about 94:6.) A tie goes to the
 * first draw.
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
        int a;
        int b;
        if (c.uniformWeights) {
          a = random.nextInt(n);
          b = random.nextInt(n - 1);
          if (b >= a) {
            b++; // distinct without a retry loop
          }
        } else {
          a = c.draw(random); // independent: a repeat is what keeps the idle split proportional
          b = c.draw(random);
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
        double la = metric.load(c.stats[a], c.capacityScale[a], now);
        double lb = metric.load(c.stats[b], c.capacityScale[b], now);
        return la <= lb ? a : b;
      }
    };
  }
}

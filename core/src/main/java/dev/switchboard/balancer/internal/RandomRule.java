package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.PickContext;
import java.util.random.RandomGenerator;

/**
 * {@code random}: a random eligible endpoint, each with probability proportional to its weight
 * (uniform when weights are equal). If the drawn one is excluded or backing off, the next usable
 * one in order is taken.
 */
final class RandomRule implements PickRule {
  private final RandomGenerator random;

  RandomRule(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public Selector bind(Candidates candidates) {
    return new Selector(candidates) {
      @Override
      int select(PickContext context, long now, boolean strict) {
        int i = candidates.draw(random);
        return candidates.usable(i, context, now, strict) ? i : candidates.scan(i, context, now, strict);
      }
    };
  }
}

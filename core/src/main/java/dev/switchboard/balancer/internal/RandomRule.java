package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.PickContext;
import java.util.random.RandomGenerator;

/** {@code random}: a uniformly random eligible endpoint; weights are ignored. */
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
        int i = random.nextInt(candidates.size());
        return candidates.usable(i, context, now, strict) ? i : candidates.scan(i, context, now, strict);
      }
    };
  }
}

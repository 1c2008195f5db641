package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.PickContext;
import java.util.random.RandomGenerator;

/**
 * {@code random}: a random eligible endpoint, each with probability proportional to its weight
 * (uniform when weights are equal). If the drawn one is excluded or backing off, another is drawn
 * (a few times), so the usable endpoints share its traffic in proportion to their weights; only
 * then is the next usable one in order taken, which would otherwise give one neighbour all of it.
 */
final class RandomRule implements PickRule {
  /** Draws before falling back to a scan. */
  private static final int DRAWS = 8;

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
        for (int k = 1; k < DRAWS && !candidates.usable(i, context, now, strict); k++) {
          i = candidates.draw(random);
        }
        return candidates.usable(i, context, now, strict) ? i : candidates.scan(i, context, now, strict);
      }
    };
  }
}

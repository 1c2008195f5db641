package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.PickContext;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/** {@code round_robin}: each eligible endpoint in turn; weights are ignored. */
final class RoundRobinRule implements PickRule {
  /** Shared across picker generations, so a rebuild does not restart the rotation. */
  private final AtomicInteger next;

  RoundRobinRule(RandomGenerator random) {
    this.next = new AtomicInteger(random.nextInt(1 << 16)); // clients must not all start at endpoint 0
  }

  @Override
  public Selector bind(Candidates candidates) {
    return new Selector(candidates) {
      @Override
      int select(PickContext context, long now, boolean strict) {
        int n = candidates.size();
        int i = Math.floorMod(next.getAndIncrement(), n);
        return candidates.usable(i, context, now, strict) ? i : candidates.scan(i, context, now, strict);
      }
    };
  }
}

package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.PickContext;

/**
 * A pick rule bound to one {@link Candidates} snapshot: the policy-specific part of a picker.
 * Immutable apart from shared atomics (a rotation counter); called concurrently, takes no locks.
 */
abstract class Selector {
  final Candidates candidates;

  Selector(Candidates candidates) {
    this.candidates = candidates;
  }

  /**
   * Index of the chosen candidate, or -1 when none is {@linkplain Candidates#usable usable}.
   *
   * @param now the ticker reading of this pick
   * @param strict skip backing-off endpoints
   */
  abstract int select(PickContext context, long now, boolean strict);
}

package dev.switchboard.balancer.internal;

/**
 * How one policy picks among eligible endpoints (round robin, P2C, ring hash, ...). The health
 * layer ({@link HealthAwareBalancer}) decides <em>which</em> endpoints are eligible and calls
 * {@link #bind} whenever that set changes; the rule only chooses among them. One instance per
 * balancer; {@link #bind} runs on the control side, the selectors it returns on the hot path.
 */
interface PickRule {
  /** A selector over {@code candidates}. */
  Selector bind(Candidates candidates);
}

package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.BalancerContext;
import dev.switchboard.balancer.LoadBalancer;
import dev.switchboard.balancer.LoadBalancerPolicy;
import java.util.function.Function;

/**
 * A built-in policy: a name and a {@link PickRule} (pick rule × load metric), wrapped in the shared
 * health layer. Immutable.
 */
public final class RulePolicy implements LoadBalancerPolicy {
  private final String name;
  private final Function<BalancerContext, PickRule> rule;

  private RulePolicy(String name, Function<BalancerContext, PickRule> rule) {
    this.name = name;
    this.rule = rule;
  }

  /**
   * {@code round_robin}: each endpoint in turn, as often as its weight says (the EDF rotation of
   * {@code weighted_round_robin}; with equal weights that is the plain rotation).
   */
  public static RulePolicy roundRobin() {
    return new RulePolicy("round_robin", c -> new WeightedRoundRobinRule(c.random()));
  }

  /** {@code weighted_round_robin}: EDF schedule. */
  public static RulePolicy weightedRoundRobin() {
    return new RulePolicy("weighted_round_robin", c -> new WeightedRoundRobinRule(c.random()));
  }

  /** {@code random}. */
  public static RulePolicy random() {
    return new RulePolicy("random", c -> new RandomRule(c.random()));
  }

  /** {@code least_request}: P2C × requests in flight. */
  public static RulePolicy leastRequest() {
    return new RulePolicy("least_request", c -> new PowerOfTwoChoicesRule(c.random(), LoadMetric.LEAST_REQUEST));
  }

  /** {@code peak_ewma}: P2C × peak EWMA latency × (in flight + 1). */
  public static RulePolicy peakEwma() {
    return new RulePolicy("peak_ewma", c -> new PowerOfTwoChoicesRule(c.random(),
        LoadMetric.peakEwma(c.stats(), c.options().peakEwmaDefaultRtt().toNanos())));
  }

  /** {@code ring_hash}: consistent hashing on the request's hash key. */
  public static RulePolicy ringHash() {
    return new RulePolicy("ring_hash", c -> new RingHashRule(c.random(),
        c.options().ringHashPointsPerWeight(), c.options().ringHashMaxRingSize()));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public LoadBalancer newBalancer(BalancerContext context) {
    return new HealthAwareBalancer(context, rule.apply(context));
  }

  @Override
  public String toString() {
    return name;
  }
}

package dev.switchboard.balancer;

import dev.switchboard.balancer.internal.RulePolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The catalogue of built-in balancing policies, by configuration name, with their defaults. Each
 * is a pick rule × a load metric [Finagle {@code Balancers}], and every one runs inside the same
 * health layer: active health checks, outlier ejection, Retry-After back-off, panic threshold, slow
 * start and zone preference, configured once in {@link BalancingPolicy}.
 *
 * <table>
 *   <caption>Policies</caption>
 *   <tr><th>name</th><th>pick rule</th><th>load metric</th><th>weights</th><th>cost per pick</th></tr>
 *   <tr><td>{@code round_robin} (default)</td><td>each in turn</td><td>none</td><td>ignored</td><td>O(1)</td></tr>
 *   <tr><td>{@code weighted_round_robin}</td><td>EDF rotation precomputed per rebuild</td><td>none</td>
 *       <td>honoured</td><td>O(1)</td></tr>
 *   <tr><td>{@code random}</td><td>uniform</td><td>none</td><td>ignored</td><td>O(1)</td></tr>
 *   <tr><td>{@code least_request}</td><td>P2C</td><td>in flight + 1</td><td>load ÷ weight</td><td>O(1)</td></tr>
 *   <tr><td>{@code peak_ewma}</td><td>P2C</td><td>peak EWMA latency × (in flight + 1); decay 10 s,
 *       default RTT 30 ms [Finagle, Linkerd2]</td><td>load ÷ weight</td><td>O(1)</td></tr>
 *   <tr><td>{@code ring_hash}</td><td>consistent hash ring on {@code PickContext.hashKey}, 128 points per
 *       unit of weight, at most 1,048,576; removing one of N endpoints remaps about 1/N of keys; no key: random</td>
 *       <td>none</td><td>more points</td><td>O(log ring)</td></tr>
 * </table>
 *
 * <p>Common behaviour (the contract every policy's test checks): an empty endpoint set gives a
 * picker that returns null and explains why (the pipeline fails with {@code NO_ENDPOINTS}); a set of
 * one always picks it unless the call excluded it; excluded endpoints are never picked while
 * another is eligible; endpoints backing off after {@code Retry-After} are skipped unless nothing
 * else is left. Weights below 1 cannot occur: {@link dev.switchboard.endpoint.Endpoint} rejects
 * them. Slow start applies to every policy; for {@code ring_hash} it cannot move a key (the
 * re-pick lands on the same owner), so affinity wins.
 */
public final class LoadBalancerPolicies {
  private static final Map<String, LoadBalancerPolicy> BUILT_IN = Stream.of(
          RulePolicy.roundRobin(), RulePolicy.weightedRoundRobin(), RulePolicy.random(),
          RulePolicy.leastRequest(), RulePolicy.peakEwma(), RulePolicy.ringHash())
      .collect(Collectors.toUnmodifiableMap(LoadBalancerPolicy::name, Function.identity()));

  private LoadBalancerPolicies() {}

  /** {@code round_robin}. */
  public static LoadBalancerPolicy roundRobin() {
    return BUILT_IN.get("round_robin");
  }

  /** {@code weighted_round_robin}. */
  public static LoadBalancerPolicy weightedRoundRobin() {
    return BUILT_IN.get("weighted_round_robin");
  }

  /** {@code random}. */
  public static LoadBalancerPolicy random() {
    return BUILT_IN.get("random");
  }

  /** {@code least_request}. */
  public static LoadBalancerPolicy leastRequest() {
    return BUILT_IN.get("least_request");
  }

  /** {@code peak_ewma}. */
  public static LoadBalancerPolicy peakEwma() {
    return BUILT_IN.get("peak_ewma");
  }

  /** {@code ring_hash}. */
  public static LoadBalancerPolicy ringHash() {
    return BUILT_IN.get("ring_hash");
  }

  /**
   * The policy named {@code name}.
   *
   * @throws IllegalArgumentException quoting the name and listing the known ones
   */
  public static LoadBalancerPolicy forName(String name) {
    Objects.requireNonNull(name, "name");
    LoadBalancerPolicy p = BUILT_IN.get(name);
    if (p == null) {
      throw new IllegalArgumentException(
          "unknown load balancing policy \"" + name + "\"; known: " + names());
    }
    return p;
  }

  /** Known policy names, sorted. */
  public static List<String> names() {
    return BUILT_IN.keySet().stream().sorted().toList();
  }
}

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
 *   <tr><td>{@code round_robin}</td><td>each in turn, EDF rotation by weight precomputed per
 *       rebuild</td><td>none</td><td>share</td><td>O(1)</td></tr>
 *   <tr><td>{@code weighted_round_robin}</td><td>the same rotation, under its explicit name</td><td>none</td>
 *       <td>share</td><td>O(1)</td></tr>
 *   <tr><td>{@code random}</td><td>random, alias-table draw by weight</td><td>none</td><td>share</td><td>O(1)</td></tr>
 *   <tr><td>{@code least_request} (default)</td><td>P2C, candidates drawn independently by weight</td>
 *       <td>in flight</td><td>draw by weight, compare in flight per unit of capacity</td><td>O(1)</td></tr>
 *   <tr><td>{@code peak_ewma}</td><td>P2C, candidates drawn independently by weight</td><td>peak EWMA
 *       latency × (in flight per unit of capacity + 1); decay 10 s, default RTT 30 ms, then the
 *       destination's average for endpoints without answers [Finagle, Linkerd2]</td><td>draw by weight,
 *       compare load</td><td>O(1)</td></tr>
 *   <tr><td>{@code ring_hash}</td><td>consistent hash ring on {@code PickContext.hashKey}, 128 points per
 *       unit of weight, at most 1,048,576; removing one of N endpoints remaps about 1/N of keys; no key: random</td>
 *       <td>none</td><td>more points</td><td>O(log ring)</td></tr>
 * </table>
 *
 * <p>Priority levels, for every policy ({@link dev.switchboard.endpoint.Endpoint#priority()}, RFC
 * 2782's SRV priority, Envoy's priority levels): traffic goes to the lowest-numbered level that has
 * a healthy endpoint (neither ejected nor failing active checks), split by weight within it; the
 * next level takes over only when every endpoint of the lower one is unhealthy, ejected, or, for
 * one pick, excluded by the call or backing off. The policy runs within each level. The
 * max-ejection bound counts per level and yields while a later level can serve, so a level whose
 * endpoints all fail is ejected whole; panic applies to the active level only when no later level
 * has a healthy endpoint. Zone preference applies within the active level. Without priorities
 * (every endpoint at 0, what most registries give) none of this changes anything.
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

package dev.switchboard.config;

import dev.switchboard.balancer.LoadBalancerPolicies;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.StatusCode;
import dev.switchboard.policy.CallPolicies;
import dev.switchboard.policy.ConcurrencyLimitPolicy.Algorithm;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The keys of {@link CallPolicies}, the part every transport shares: {@code retry.*},
 * {@code budget.*}, {@code hedging.*}, {@code breaker.*}, {@code limit.*} and
 * {@code balancing.*} (with {@code balancing.health-check.*} and
 * {@code balancing.outlier-detection.*}). {@link ClientConfigs} includes them for HTTP clients
 * and the gRPC module for channels, always at the top level of a client.
 *
 * <p>Policies that are off by default (hedging, breaker, health checks) come on when any of their
 * keys is set, or with {@code <group>.enabled: true}; {@code <group>.enabled: false} turns one off,
 * and then any other key of the group is reported as ignored. A key that does not apply (a fixed
 * delay beside a percentile, an AIMD key on a gradient limit) is an error, never silently dropped.
 * Values are validated by the policies' own builders.
 *
 * <p>Stateless and thread-safe.
 */
public final class CallPoliciesKeys {
  /** The groups of {@link #table()}, in order. */
  public static final List<String> GROUPS = List.of("retry", "budget", "hedging", "breaker", "limit", "balancing");

  private static final EnumSet<Algorithm> ADAPTIVE = EnumSet.of(Algorithm.AIMD, Algorithm.GRADIENT);
  private static final ConfigTable<PolicyDraft> TABLE = table(Set.copyOf(GROUPS));

  private CallPoliciesKeys() {}

  /** Every policy key. */
  public static ConfigTable<PolicyDraft> table() {
    return TABLE;
  }

  /**
   * The keys of {@code groups} only (names from {@link #GROUPS}), for a transport that does not
   * run the others yet: a key of another group is then an unknown key, never silently ignored.
   */
  public static ConfigTable<PolicyDraft> table(Set<String> groups) {
    for (String g : groups) {
      if (!GROUPS.contains(g)) {
        throw new IllegalArgumentException("unknown policy group \"" + g + "\"; known: " + GROUPS);
      }
    }
    ConfigTable.Builder<PolicyDraft> t = ConfigTable.builder();
    if (groups.contains("retry")) {
      RetryKeys.add(t);
    }
    if (groups.contains("budget")) {
      t.bool("budget.enabled", "true", "false turns the retry budget off: every retry the policy allows is made",
          (d, v) -> d.budgetEnabled = v);
      t.decimal("budget.ratio", "0.2", "retries and hedges may add this fraction of the window's requests, 0.0..1.0",
          (d, v) -> d.budget.ratio(v));
      t.integer("budget.min-retries-per-second", "10", "retries allowed per second whatever the traffic",
          (d, v) -> d.budget.minRetriesPerSecond(v));
      t.duration("budget.window", "10s", "how long requests and retries count, 1s..60s", (d, v) -> d.budget.window(v));
    }
    if (groups.contains("hedging")) {
      HedgingKeys.add(t);
    }
    if (groups.contains("breaker")) {
      t.bool("breaker.enabled", "false (true when another breaker key is set)", "the circuit breaker",
          (d, v) -> d.breakerEnabled = v);
      t.decimal("breaker.failure-rate-threshold", "0.5", "opens at this rate of server faults, (0.0, 1.0]",
          (d, v) -> d.breaker(b -> b.failureRateThreshold(v)));
      t.integer("breaker.window-calls", "100", "the rate is measured over the last N calls",
          (d, v) -> { d.breakerTouched = true; d.windowCalls = v; });
      t.duration("breaker.window-duration", "none", "or over the calls of this last duration, >= 10ms",
          (d, v) -> { d.breakerTouched = true; d.windowDuration = v; });
      t.integer("breaker.minimum-calls", "20", "calls the window must hold before the rate is judged",
          (d, v) -> d.breaker(b -> b.minimumCalls(v)));
      t.duration("breaker.open-duration", "10s", "time open before trial calls", (d, v) -> d.breaker(b -> b.openDuration(v)));
      t.integer("breaker.half-open-calls", "5", "trial calls while half-open; all must succeed to close",
          (d, v) -> d.breaker(b -> b.halfOpenCalls(v)));
    }
    if (groups.contains("limit")) {
      t.choice("limit.algorithm", Algorithm.class, "unlimited (fixed when limit.max-concurrency is set)",
          "how many calls may be in flight to the destination", (d, v) -> d.limitAlgorithm = v);
      t.integer("limit.max-concurrency", "none", "fixed: at most this many calls in flight",
          (d, v) -> d.maxConcurrency = v).field("maxConcurrency");
      limit(t, "limit.initial-limit", "20", "aimd, gradient: the starting limit", ADAPTIVE, (b, v) -> b.initialLimit(v));
      limit(t, "limit.min-limit", "1", "aimd, gradient: the lowest limit", ADAPTIVE, (b, v) -> b.minLimit(v));
      limit(t, "limit.max-limit", "200", "aimd, gradient: the highest limit", ADAPTIVE, (b, v) -> b.maxLimit(v));
      t.duration("limit.max-wait", "0", "how long a call may wait for a slot (within its deadline); 0 fails at once",
          (d, v) -> d.limitMaxWait = v);
      t.decimal("limit.backoff-ratio", "0.9", "aimd: the factor applied on a drop, [0.5, 1.0)",
          (d, v) -> d.limitSettings.put("limit.backoff-ratio",
              new PolicyDraft.LimitSetting(EnumSet.of(Algorithm.AIMD), b -> b.backoffRatio(v))));
      t.duration("limit.latency-threshold", "5s", "aimd: a call slower than this is a drop",
          (d, v) -> d.limitSettings.put("limit.latency-threshold",
              new PolicyDraft.LimitSetting(EnumSet.of(Algorithm.AIMD), b -> b.latencyThreshold(v))));
      t.decimal("limit.tolerance", "1.5", "gradient: how much slower than the long-term latency before shrinking, >= 1",
          (d, v) -> d.limitSettings.put("limit.tolerance",
              new PolicyDraft.LimitSetting(EnumSet.of(Algorithm.GRADIENT), b -> b.tolerance(v))));
      t.decimal("limit.smoothing", "0.2", "gradient: weight of each new estimate, (0.0, 1.0]",
          (d, v) -> d.limitSettings.put("limit.smoothing",
              new PolicyDraft.LimitSetting(EnumSet.of(Algorithm.GRADIENT), b -> b.smoothing(v))));
      limit(t, "limit.long-window", "600", "gradient: sample windows averaged into the long-term latency",
          EnumSet.of(Algorithm.GRADIENT), (b, v) -> b.longWindow(v));
      t.duration("limit.sample-window", "100ms", "gradient: the shortest sample window",
          (d, v) -> d.limitSettings.put("limit.sample-window",
              new PolicyDraft.LimitSetting(EnumSet.of(Algorithm.GRADIENT), b -> b.sampleWindow(v))));
    }
    if (groups.contains("balancing")) {
      t.text("balancing.policy", "round_robin", "one of " + String.join(", ", LoadBalancerPolicies.names()),
          (d, v) -> d.balancing.policy(LoadBalancerPolicies.forName(policyName(v)).name()));
      BalancingKeys.add(t);
    }
    return t.build();
  }

  /** A draft starting from {@code base}: keys that are not set keep its values. */
  public static PolicyDraft draft(CallPolicies base) {
    return new PolicyDraft(base);
  }

  /** The policies of {@code draft}, each validated by its builder; null after reporting problems to {@code scope}. */
  public static CallPolicies build(PolicyDraft draft, BuildScope scope) {
    return Objects.requireNonNull(draft, "draft").build(scope);
  }

  /** {@code peak-ewma}, {@code PEAK_EWMA} and {@code peak_ewma} all name {@code peak_ewma}. */
  static String policyName(String text) {
    return text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
  }

  static List<ErrorKind> kinds(List<String> names) {
    return names.stream().map(n -> ConfigValues.choice(n, ErrorKind.class)).toList();
  }

  static List<StatusCode> codes(List<String> names) {
    return names.stream().map(n -> ConfigValues.choice(n, StatusCode.class)).toList();
  }

  private interface IntSetter {
    void set(dev.switchboard.policy.ConcurrencyLimitPolicy.Builder b, int v);
  }

  private static void limit(ConfigTable.Builder<PolicyDraft> t, String name, String def, String description,
      EnumSet<Algorithm> applies, IntSetter set) {
    t.integer(name, def, description, (d, v) -> {
      Consumer<dev.switchboard.policy.ConcurrencyLimitPolicy.Builder> c = b -> set.set(b, v);
      d.limitSettings.put(name, new PolicyDraft.LimitSetting(applies, c));
    });
  }
}

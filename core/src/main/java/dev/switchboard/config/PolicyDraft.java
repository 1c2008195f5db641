package dev.switchboard.config;

import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.health.HealthCheckPolicy;
import dev.switchboard.health.HealthChecker;
import dev.switchboard.health.OutlierDetectionPolicy;
import dev.switchboard.policy.CallPolicies;
import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.policy.ConcurrencyLimitPolicy.Algorithm;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.policy.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The policy keys of one client as they are applied, before the policies are built: the mutable
 * side of {@link CallPoliciesKeys}. Starts from a base {@link CallPolicies} (usually the
 * defaults), so a key that is not set keeps the base's value. Confined to one bind; not
 * thread-safe. Its members are for {@link CallPoliciesKeys} only.
 */
public final class PolicyDraft {
  final CallPolicies base;
  final RetryPolicy.Builder retry;
  final RetryBudgetPolicy.Builder budget;
  Boolean budgetEnabled;
  final HedgingPolicy.Builder hedging;
  Boolean hedgingEnabled;
  boolean hedgingTouched;
  Duration hedgeDelay;
  Double hedgePercentile;
  final CircuitBreakerPolicy.Builder breaker;
  Boolean breakerEnabled;
  boolean breakerTouched;
  Integer windowCalls;
  Duration windowDuration;
  Algorithm limitAlgorithm;
  Integer maxConcurrency;
  Duration limitMaxWait;
  final Map<String, LimitSetting> limitSettings = new LinkedHashMap<>();
  final BalancingPolicy.Builder balancing;
  Boolean healthEnabled;
  boolean healthTouched;
  String healthType;
  String healthPath;
  Integer healthStatus;
  final List<Consumer<HealthCheckPolicy.Builder>> healthSettings = new ArrayList<>();
  Boolean outlierEnabled;
  final OutlierDetectionPolicy.Builder outlier;

  /** A limit key that applies to some algorithms only. */
  record LimitSetting(EnumSet<Algorithm> appliesTo, Consumer<ConcurrencyLimitPolicy.Builder> set) {}

  PolicyDraft(CallPolicies base) {
    this.base = Objects.requireNonNull(base, "base");
    this.retry = base.retryPolicy().toBuilder();
    this.budget = base.retryBudget().toBuilder();
    this.hedging = base.hedgingPolicy().enabled() ? base.hedgingPolicy().toBuilder() : HedgingPolicy.builder();
    this.breaker = base.circuitBreaker().toBuilder();
    this.balancing = base.balancing().toBuilder();
    this.outlier = base.balancing().outlierDetection().toBuilder();
  }

  void hedge(Consumer<HedgingPolicy.Builder> set) {
    hedgingTouched = true;
    set.accept(hedging);
  }

  void breaker(Consumer<CircuitBreakerPolicy.Builder> set) {
    breakerTouched = true;
    set.accept(breaker);
  }

  void health(Consumer<HealthCheckPolicy.Builder> set) {
    healthTouched = true;
    healthSettings.add(set);
  }

  /** Builds every policy, reporting each refusal against its key; null if any failed. */
  CallPolicies build(BuildScope scope) {
    int before = scope.problems().size();
    RetryPolicy r = scope.build("retry", retry::build);
    RetryBudgetPolicy b = onOff(scope, "budget", budgetEnabled, true)
        ? scope.build("budget", budget::build) : RetryBudgetPolicy.unlimited();
    HedgingPolicy h = buildHedging(scope);
    CircuitBreakerPolicy c = buildBreaker(scope);
    ConcurrencyLimitPolicy l = new LimitDraft(this, scope).build();
    BalancingPolicy bal = buildBalancing(scope);
    if (scope.problems().size() > before) {
      return null;
    }
    return base.toBuilder().retryPolicy(r).retryBudget(b).hedgingPolicy(h).circuitBreaker(c)
        .concurrencyLimit(l).balancing(bal).build();
  }

  private HedgingPolicy buildHedging(BuildScope scope) {
    if (!onOff(scope, "hedging", hedgingEnabled, hedgingTouched || base.hedgingPolicy().enabled())) {
      return HedgingPolicy.disabled();
    }
    if (hedgeDelay != null && hedgePercentile != null) {
      scope.fail("hedging.delay", "a fixed delay and hedging.percentile (an adaptive one) are both set; keep one");
      return null;
    }
    if (hedgeDelay != null) {
      hedging.fixedDelay(hedgeDelay);
    } else if (hedgePercentile != null) {
      hedging.adaptiveDelay(hedgePercentile);
    }
    return scope.build("hedging", hedging::build);
  }

  private CircuitBreakerPolicy buildBreaker(BuildScope scope) {
    if (!onOff(scope, "breaker", breakerEnabled, breakerTouched || base.circuitBreaker().enabled())) {
      return CircuitBreakerPolicy.disabled();
    }
    if (windowCalls != null && windowDuration != null) {
      scope.fail("breaker.window-calls", "a count window and breaker.window-duration (a time window) are both set; keep one");
      return null;
    }
    if (windowCalls != null) {
      breaker.countWindow(windowCalls);
    } else if (windowDuration != null) {
      breaker.timeWindow(windowDuration);
    }
    return scope.build("breaker", breaker::build);
  }

  private BalancingPolicy buildBalancing(BuildScope scope) {
    BalancingPolicy basePolicy = base.balancing();
    HealthCheckPolicy health = basePolicy.healthCheck().orElse(null);
    if (onOff(scope, "balancing.health-check", healthEnabled, healthTouched || health != null)) {
      health = scope.build("balancing.health-check", () -> healthCheck(scope, basePolicy.healthCheck().orElse(null)));
    } else {
      health = null;
    }
    OutlierDetectionPolicy od = onOff(scope, "balancing.outlier-detection", outlierEnabled, true)
        ? scope.build("balancing.outlier-detection", outlier::build) : OutlierDetectionPolicy.disabled();
    if (od == null) {
      return null;
    }
    balancing.healthCheck(health).outlierDetection(od);
    return scope.build("balancing", balancing::build);
  }

  private HealthCheckPolicy healthCheck(BuildScope scope, HealthCheckPolicy basePolicy) {
    boolean tcp = "tcp".equals(healthType);
    if (tcp && (healthPath != null || healthStatus != null)) {
      scope.fail(healthPath != null ? "balancing.health-check.path" : "balancing.health-check.expected-status",
          "applies to the http health check, and balancing.health-check.type is tcp");
      return null;
    }
    HealthCheckPolicy.Builder b;
    if (healthType == null && healthPath == null && healthStatus == null && basePolicy != null) {
      b = basePolicy.toBuilder();
    } else {
      HealthChecker checker = tcp ? HealthChecker.tcp()
          : HealthChecker.http(healthPath != null ? healthPath : "/health", healthStatus != null ? healthStatus : 200);
      b = HealthCheckPolicy.builder(checker);
    }
    healthSettings.forEach(s -> s.accept(b));
    return b.build();
  }

  /**
   * Whether a policy that can be switched off is on: its {@code enabled} key if set, else
   * {@code otherwise}. Keys of a group switched off would be ignored, so each is reported.
   */
  static boolean onOff(BuildScope scope, String group, Boolean enabled, boolean otherwise) {
    if (Boolean.FALSE.equals(enabled)) {
      for (String k : scope.setKeys(group)) {
        if (!k.equals(group + ".enabled")) {
          scope.fail(k, "would be ignored: " + scope.fullName(group + ".enabled") + " is false");
        }
      }
      return false;
    }
    return enabled != null ? enabled : otherwise;
  }
}

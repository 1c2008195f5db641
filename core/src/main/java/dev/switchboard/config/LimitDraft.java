package dev.switchboard.config;

import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.policy.ConcurrencyLimitPolicy.Algorithm;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the concurrency limit of a {@link PolicyDraft}: the algorithm named by
 * {@code limit.algorithm} (or implied by {@code limit.max-concurrency}), then the keys that apply
 * to it. A key for another algorithm is reported rather than ignored. Confined to one bind.
 */
final class LimitDraft {
  private final PolicyDraft d;
  private final BuildScope scope;

  LimitDraft(PolicyDraft d, BuildScope scope) {
    this.d = d;
    this.scope = scope;
  }

  ConcurrencyLimitPolicy build() {
    ConcurrencyLimitPolicy base = d.base.concurrencyLimit();
    Algorithm algorithm = d.limitAlgorithm != null ? d.limitAlgorithm
        : d.maxConcurrency != null ? Algorithm.FIXED
        : base.algorithm();
    if (algorithm == Algorithm.UNLIMITED) {
      boolean clean = true;
      for (String k : scope.setKeys("limit")) {
        if (!k.equals("limit.algorithm")) {
          scope.fail(k, "would be ignored: there is no limit; set " + scope.fullName("limit.algorithm")
              + " to fixed, aimd or gradient");
          clean = false;
        }
      }
      return clean ? ConcurrencyLimitPolicy.unlimited() : null;
    }
    if (!appliesOnly(algorithm)) {
      return null;
    }
    if (algorithm == Algorithm.FIXED) {
      if (d.maxConcurrency == null && base.algorithm() != Algorithm.FIXED) {
        scope.fail("limit.max-concurrency", "must be set for the fixed limit");
        return null;
      }
      int max = d.maxConcurrency != null ? d.maxConcurrency : base.initialLimit();
      ConcurrencyLimitPolicy fixed = scope.build("limit", () -> ConcurrencyLimitPolicy.fixed(max));
      if (fixed == null || d.limitMaxWait == null) {
        return fixed;
      }
      return scope.build("limit", () -> fixed.toBuilder().maxWait(d.limitMaxWait).build());
    }
    ConcurrencyLimitPolicy.Builder b = base.algorithm() == algorithm ? base.toBuilder()
        : algorithm == Algorithm.AIMD ? ConcurrencyLimitPolicy.aimd() : ConcurrencyLimitPolicy.gradient();
    d.limitSettings.values().forEach(s -> s.set().accept(b));
    if (d.limitMaxWait != null) {
      b.maxWait(d.limitMaxWait);
    }
    return scope.build("limit", b::build);
  }

  /** Reports every set key that does not apply to {@code algorithm}; true if none. */
  private boolean appliesOnly(Algorithm algorithm) {
    boolean clean = true;
    String name = algorithm.name().toLowerCase(Locale.ROOT);
    if (algorithm != Algorithm.FIXED && d.maxConcurrency != null) {
      scope.fail("limit.max-concurrency", "applies to the fixed limit, and " + scope.fullName("limit.algorithm")
          + " is " + name + " (use limit.initial-limit, limit.min-limit and limit.max-limit)");
      clean = false;
    }
    for (Map.Entry<String, PolicyDraft.LimitSetting> e : d.limitSettings.entrySet()) {
      if (!e.getValue().appliesTo().contains(algorithm)) {
        scope.fail(e.getKey(), "applies to " + e.getValue().appliesTo().toString().toLowerCase(Locale.ROOT)
            .replace("[", "").replace("]", "") + ", and the limit is " + name);
        clean = false;
      }
    }
    return clean;
  }
}

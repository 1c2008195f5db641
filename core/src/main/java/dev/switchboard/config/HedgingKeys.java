package dev.switchboard.config;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.StatusCode;

/** The {@code hedging.*} keys of {@link CallPoliciesKeys}. Stateless. */
final class HedgingKeys {
  private HedgingKeys() {}

  static void add(ConfigTable.Builder<PolicyDraft> t) {
    t.bool("hedging.enabled", "false (true when another hedging key is set)", "request hedging of idempotent calls",
        (d, v) -> d.hedgingEnabled = v);
    t.integer("hedging.max-attempts", "2", "attempts per call including the first, 1..5",
        (d, v) -> d.hedge(h -> h.maxAttempts(v)));
    t.duration("hedging.delay", "none (adaptive)", "a fixed delay before each hedge, instead of the percentile",
        (d, v) -> { d.hedgingTouched = true; d.hedgeDelay = v; }).field("fixedDelay");
    t.decimal("hedging.percentile", "95", "an adaptive delay: this percentile of recent latencies, (0, 100)",
        (d, v) -> { d.hedgingTouched = true; d.hedgePercentile = v; });
    t.duration("hedging.min-delay", "1ms", "the floor of an adaptive delay", (d, v) -> d.hedge(h -> h.minDelay(v)));
    t.duration("hedging.max-delay", "1s", "the ceiling of an adaptive delay, used until enough latencies are known",
        (d, v) -> d.hedge(h -> h.maxDelay(v)));
    t.duration("hedging.window", "10s", "how far back latencies count, 1s..5m", (d, v) -> d.hedge(h -> h.window(v)));
    t.integer("hedging.min-samples", "100", "latencies needed before the percentile is trusted",
        (d, v) -> d.hedge(h -> h.minSamples(v)));
    t.key(new ConfigKey("hedging.non-fatal-on", "list of error kinds", "connect-failed",
            "error kinds that send the next hedge at once"),
        (d, raw) -> d.hedge(h -> h.nonFatalOn(CallPoliciesKeys.kinds(ConfigValues.list(raw)).toArray(ErrorKind[]::new))))
        .field("nonFatalKinds");
    t.key(new ConfigKey("hedging.non-fatal-on-code", "list of status codes", "unavailable",
            "status codes (unavailable, resource-exhausted, ...) that send the next hedge at once"),
        (d, raw) -> d.hedge(h -> h.nonFatalOnCode(
            CallPoliciesKeys.codes(ConfigValues.list(raw)).toArray(StatusCode[]::new))))
        .field("nonFatalCodes");
    t.list("hedging.methods", "GET, HEAD, OPTIONS, PUT, DELETE", "HTTP methods hedged (idempotent ones only)",
        (d, v) -> d.hedge(h -> h.methods(v.toArray(String[]::new))));
    t.list("hedging.keyed-methods", "none", "methods hedged only with an Idempotency-Key (e.g. POST)",
        (d, v) -> d.hedge(h -> h.keyedMethods(v.toArray(String[]::new))));
  }
}

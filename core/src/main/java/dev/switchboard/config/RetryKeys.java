package dev.switchboard.config;

import dev.switchboard.errors.ErrorKind;

/** The {@code retry.*} keys of {@link CallPoliciesKeys}. Stateless. */
final class RetryKeys {
  private RetryKeys() {}

  static void add(ConfigTable.Builder<PolicyDraft> t) {
    t.integer("retry.max-attempts", "3", "attempts per call including the first, 1..5; 1 turns retries off",
        (d, v) -> d.retry.maxAttempts(v));
    t.duration("retry.initial-backoff", "25ms", "the first retry's backoff ceiling (full jitter)",
        (d, v) -> d.retry.initialBackoff(v));
    t.duration("retry.max-backoff", "1s", "the largest backoff ceiling", (d, v) -> d.retry.maxBackoff(v));
    t.decimal("retry.multiplier", "2.0", "growth of the backoff ceiling per retry, >= 1",
        (d, v) -> d.retry.backoffMultiplier(v)).field("backoffMultiplier");
    t.duration("retry.per-attempt-timeout", "none", "a timeout for each attempt (a late attempt fails with TIMEOUT)",
        (d, v) -> d.retry.perAttemptTimeout(v));
    t.key(new ConfigKey("retry.retry-on", "list of " + ConfigValues.choices(ErrorKind.class).replace(", ", " | "),
            "connect-failed, timeout, server-error, rate-limited", "the error kinds that are retried"),
        (d, raw) -> d.retry.retryOn(CallPoliciesKeys.kinds(ConfigValues.list(raw)).toArray(ErrorKind[]::new)));
    t.key(new ConfigKey("retry.retry-on-status", "list of int", "none",
            "when set, exactly these statuses are retried among status failures"),
        (d, raw) -> d.retry.retryOnStatus(ConfigValues.list(raw).stream().mapToInt(ConfigValues::integer).toArray()));
  }
}

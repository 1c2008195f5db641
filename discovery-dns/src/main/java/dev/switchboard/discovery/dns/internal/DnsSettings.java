package dev.switchboard.discovery.dns.internal;

import dev.switchboard.discovery.DiscoveryTarget;
import java.time.Duration;

/**
 * The refresh and query settings a DNS target carries in its query string. Immutable.
 *
 * @param minTtl records with a shorter TTL (0 included) are refreshed after this instead, so a
 *     TTL of 0 cannot turn discovery into a query loop
 * @param maxTtl records with a longer TTL are refreshed after this, so a long TTL cannot hide a
 *     change for hours
 * @param timeout per-query timeout
 */
public record DnsSettings(Duration minTtl, Duration maxTtl, Duration timeout) {
  /** Default lower TTL clamp. */
  public static final Duration DEFAULT_MIN_TTL = Duration.ofSeconds(1);
  /** Default upper TTL clamp. */
  public static final Duration DEFAULT_MAX_TTL = Duration.ofMinutes(5);
  /** Default per-query timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** Parameter names accepted in the target. */
  static final String[] PARAMS = {"minTtl", "maxTtl", "timeout"};

  /** Reads {@code ?minTtl=&maxTtl=&timeout=} from {@code target}; fails quoting it. */
  public static DnsSettings from(DiscoveryTarget target) {
    target.requireOnlyParams(PARAMS);
    Duration min = target.durationParam("minTtl", DEFAULT_MIN_TTL);
    Duration max = target.durationParam("maxTtl", DEFAULT_MAX_TTL);
    Duration timeout = target.durationParam("timeout", DEFAULT_TIMEOUT);
    if (min.isZero()) {
      throw new IllegalArgumentException("minTtl must be > 0 in DNS target \"" + target.raw() + "\"");
    }
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          "maxTtl (" + max + ") must be >= minTtl (" + min + ") in DNS target \"" + target.raw() + "\"");
    }
    if (timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0 in DNS target \"" + target.raw() + "\"");
    }
    return new DnsSettings(min, max, timeout);
  }

  /**
   * When to query again after an answer whose smallest TTL was {@code ttlSeconds}: the TTL clamped
   * to [minTtl, maxTtl]. A negative value means "unknown" (no record and no SOA) and gives minTtl.
   */
  public Duration refreshAfter(long ttlSeconds) {
    if (ttlSeconds < 0) {
      return minTtl;
    }
    Duration ttl = Duration.ofSeconds(ttlSeconds);
    return ttl.compareTo(minTtl) < 0 ? minTtl : ttl.compareTo(maxTtl) > 0 ? maxTtl : ttl;
  }
}

package dev.switchboard.telemetry;

/**
 * What a destination's discovery last did, for introspection. Immutable.
 *
 * @param target the discovery target ({@code dns+srv:...}, {@code static:...}), or the empty string
 * @param updates endpoint sets received so far
 * @param lastUpdateNanos ticker reading of the last set received; meaningless while {@code updates} is 0
 * @param lastError the last discovery error (the last known set is kept), or null
 */
public record DiscoveryStatus(String target, long updates, long lastUpdateNanos, String lastError) {
  /** A destination that does not report its discovery. */
  public static final DiscoveryStatus UNKNOWN = new DiscoveryStatus("", 0, 0, null);
}

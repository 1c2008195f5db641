package dev.switchboard.grpc.internal;

import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.telemetry.TelemetryListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Hands Java objects (balancing options, telemetry) to the load balancer, which grpc-java only
 * configures through JSON-like service config maps (strings, numbers, maps, lists): the options
 * are registered here under a string id, and the service config carries the id
 * ({@code {"switchboard_peak_ewma": {"optionsRef": "3"}}}).
 *
 * <p>One entry per {@code GrpcChannelOptions} object that was turned into a service config; the
 * entries are small and are never removed, so build options once per destination, not per call.
 * Thread-safe.
 */
public final class ChannelConfigs {
  /** What one reference stands for. */
  public record Entry(BalancingPolicy balancing, TelemetryListener telemetry, RandomGenerator random) {}

  private static final Map<String, Entry> ENTRIES = new ConcurrentHashMap<>();
  private static final AtomicLong IDS = new AtomicLong();

  private ChannelConfigs() {}

  /** Registers {@code entry} and returns its reference. */
  public static String register(Entry entry) {
    String id = Long.toString(IDS.incrementAndGet());
    ENTRIES.put(id, entry);
    return id;
  }

  /** The entry for {@code ref}, or null when unknown. */
  public static Entry lookup(String ref) {
    return ENTRIES.get(ref);
  }
}

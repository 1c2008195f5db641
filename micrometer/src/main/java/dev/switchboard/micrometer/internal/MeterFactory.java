package dev.switchboard.micrometer.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * Builds meters on the registry with the configured histogram: the cold path, called once per
 * new tag combination (the registry returns the existing meter on a race). Thread-safe.
 */
public final class MeterFactory {
  private final MeterRegistry registry;
  private final Duration[] buckets;
  private final boolean percentileHistogram;

  /**
   * @param buckets histogram bucket bounds for every timer (empty: none)
   * @param percentileHistogram true to let the registry publish its own percentile histogram instead
   */
  public MeterFactory(MeterRegistry registry, List<Duration> buckets, boolean percentileHistogram) {
    this.registry = registry;
    this.buckets = buckets.toArray(new Duration[0]);
    this.percentileHistogram = percentileHistogram;
  }

  public MeterRegistry registry() {
    return registry;
  }

  Timer timer(String name, String description, Tags tags) {
    Timer.Builder b = Timer.builder(name).description(description).tags(tags);
    if (percentileHistogram) {
      b.publishPercentileHistogram();
    } else if (buckets.length > 0) {
      b.serviceLevelObjectives(buckets);
    }
    return b.register(registry);
  }

  Counter counter(String name, String description, Tags tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }
}

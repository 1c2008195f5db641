package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyDistributionTest {
  private static final Duration MS_5 = Duration.ofMillis(5);
  private static final Duration MS_500 = Duration.ofMillis(500);

  @Test
  void fixedAlwaysGivesTheSameLatency() {
    LatencyDistribution fixed = LatencyDistribution.fixed(MS_5);

    assertThat(List.of(fixed.next(), fixed.next())).containsOnly(MS_5);
  }

  @Test
  void uniformStaysWithinItsBoundsAndReplaysForTheSameSeed() {
    List<Duration> first = draw(LatencyDistribution.uniform(MS_5, MS_500, 7), 1000);
    List<Duration> second = draw(LatencyDistribution.uniform(MS_5, MS_500, 7), 1000);
    List<Duration> otherSeed = draw(LatencyDistribution.uniform(MS_5, MS_500, 8), 1000);

    assertThat(first).allSatisfy(d -> assertThat(d).isBetween(MS_5, MS_500));
    assertThat(first).isEqualTo(second).isNotEqualTo(otherSeed);
    assertThat(first.stream().distinct().count()).isGreaterThan(900);
  }

  @Test
  void mostlyTakesTheTailWithRoughlyTheGivenProbability() {
    List<Duration> draws = draw(LatencyDistribution.mostly(MS_5, 0.1, MS_500, 42), 10_000);

    long tails = draws.stream().filter(MS_500::equals).count();
    assertThat(draws).containsOnly(MS_5, MS_500);
    assertThat(tails).isBetween(800L, 1200L); // deterministic for seed 42; binomial sd is 30
    assertThat(draw(LatencyDistribution.mostly(MS_5, 0.1, MS_500, 42), 10_000)).isEqualTo(draws);
  }

  @Test
  void mostlyWithProbabilityZeroOrOneIsPure() {
    assertThat(draw(LatencyDistribution.mostly(MS_5, 0.0, MS_500, 1), 100)).containsOnly(MS_5);
    assertThat(draw(LatencyDistribution.mostly(MS_5, 1.0, MS_500, 1), 100)).containsOnly(MS_500);
  }

  @Test
  void rejectsInvalidArgumentsNamingThem() {
    assertThatThrownBy(() -> LatencyDistribution.fixed(Duration.ofMillis(-1)))
        .hasMessageContaining("latency");
    assertThatThrownBy(() -> LatencyDistribution.uniform(MS_500, MS_5, 1))
        .hasMessageContaining("max");
    assertThatThrownBy(() -> LatencyDistribution.mostly(MS_5, 1.5, MS_500, 1))
        .hasMessageContaining("tailProbability");
    assertThatThrownBy(() -> LatencyDistribution.mostly(MS_5, Double.NaN, MS_500, 1))
        .hasMessageContaining("tailProbability");
  }

  private static List<Duration> draw(LatencyDistribution distribution, int count) {
    List<Duration> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(distribution.next());
    }
    return out;
  }
}

package dev.switchboard.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.HealthCheckPolicy;
import dev.switchboard.health.OutlierDetectionPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BalancingPolicyTest {
  @Test
  void defaultsComeFromTheDesignAnchors() {
    BalancingPolicy o = BalancingPolicy.defaults();
    assertThat(o.policy()).isEqualTo("round_robin");
    assertThat(o.peakEwmaDecay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.peakEwmaDefaultRtt()).isEqualTo(Duration.ofMillis(30));
    assertThat(o.panicThresholdPercent()).isEqualTo(50);
    assertThat(o.slowStartWindow()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.slowStartMinWeightPercent()).isEqualTo(10);
    assertThat(o.healthCheck()).isEmpty();
    OutlierDetectionPolicy od = o.outlierDetection();
    assertThat(od.consecutiveFailures()).isEqualTo(5);
    assertThat(od.baseEjectionTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(od.maxEjectionTime()).isEqualTo(Duration.ofSeconds(300));
    assertThat(od.maxEjectionPercent()).isEqualTo(10);
    assertThat(od.successRateStdevFactor()).isEqualTo(1.9);
    assertThat(od.successRateMinimumHosts()).isEqualTo(5);
    assertThat(od.successRateRequestVolume()).isEqualTo(100);
  }

  @Test
  void unknownPolicyNamesFailListingTheKnownOnes() {
    assertThatThrownBy(() -> BalancingPolicy.builder().policy("least_conn").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown load balancing policy \"least_conn\"; known: [least_request, peak_ewma, random, "
            + "ring_hash, round_robin, weighted_round_robin]");
    assertThatThrownBy(() -> ServiceConfig.builder().baseUrl("http://a:1").balancer("p2c").build())
        .hasMessageContaining("unknown load balancing policy \"p2c\"");
  }

  @Test
  void invalidValuesFailInBuildNamingTheField() {
    assertThatThrownBy(() -> BalancingPolicy.builder().panicThresholdPercent(101).build())
        .hasMessage("panicThresholdPercent must be 0..100: 101");
    assertThatThrownBy(() -> BalancingPolicy.builder().slowStartMinWeightPercent(0).build())
        .hasMessage("slowStartMinWeightPercent must be 1..100: 0");
    assertThatThrownBy(() -> BalancingPolicy.builder().peakEwmaDecay(Duration.ZERO).build())
        .hasMessage("peakEwmaDecay must be > 0: PT0S");
    assertThatThrownBy(() -> OutlierDetectionPolicy.builder().maxEjectionTime(Duration.ofSeconds(1)).build())
        .hasMessage("maxEjectionTime must be >= baseEjectionTime: PT1S < PT30S");
    assertThatThrownBy(() -> OutlierDetectionPolicy.builder().latencyFactor(0.5).build())
        .hasMessage("latencyFactor must be 0 (disabled) or > 1: 0.5");
  }

  @Test
  void weightsBelowOneAreRejectedWhereEndpointsAreMade() {
    assertThatThrownBy(() -> Endpoint.of("h", 1).withWeight(0))
        .hasMessage("weight must be >= 1: 0 (h:1)");
  }

  @Test
  void serviceConfigCarriesTypedBalancingOptionsAndTheShortcutNameOverridesThePolicy() {
    BalancingPolicy b = BalancingPolicy.builder().policy("peak_ewma").zone("z1")
        .healthCheck(HealthCheckPolicy.http("/health")).build();
    ServiceConfig c = ServiceConfig.builder().baseUrl("http://a:1").balancing(b).build();
    assertThat(c.balancer()).isEqualTo("peak_ewma");
    assertThat(c.balancing().zone()).isEqualTo("z1");
    assertThat(c.toBuilder().build().balancing().healthCheck()).isPresent();

    ServiceConfig named = c.toBuilder().balancer("ring_hash").build();
    assertThat(named.balancer()).isEqualTo("ring_hash");
    assertThat(named.balancing().zone()).isEqualTo("z1");
    assertThat(ServiceConfig.of("http://a:1").balancing()).isSameAs(BalancingPolicy.defaults());
  }
}

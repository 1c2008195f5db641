package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.health.HealthCheckPolicy;
import dev.switchboard.policy.CallPolicies;
import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.policy.HedgeDelay;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.testing.FakeScheduler;
import dev.switchboard.testing.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link GrpcChannelOptions} holds one {@link CallPolicies}; its shorthands set its parts. */
class GrpcChannelOptionsTest {
  @Test
  void theShorthandsSetThePartsOfOneCallPolicies() {
    FakeTicker ticker = new FakeTicker();
    FakeScheduler timer = new FakeScheduler(ticker);
    RetryPolicy retry = RetryPolicy.builder().maxAttempts(4).build();
    CircuitBreakerPolicy breaker = CircuitBreakerPolicy.defaults();
    ConcurrencyLimitPolicy limit = ConcurrencyLimitPolicy.fixed(8);
    GrpcChannelOptions options = GrpcChannelOptions.builder().retryPolicy(retry).circuitBreaker(breaker)
        .concurrencyLimit(limit).balancer("peak_ewma").ticker(ticker).timer(timer)
        .retryBudget(RetryBudgetPolicy.unlimited()).build();
    CallPolicies p = options.policies();
    assertThat(p.retryPolicy()).isSameAs(retry).isSameAs(options.retryPolicy());
    assertThat(p.circuitBreaker()).isSameAs(breaker).isSameAs(options.circuitBreaker());
    assertThat(p.concurrencyLimit()).isSameAs(limit).isSameAs(options.concurrencyLimit());
    assertThat(p.balancing().policy()).isEqualTo("peak_ewma").isEqualTo(options.balancer());
    assertThat(p.ticker()).isSameAs(ticker);
    assertThat(p.timer()).isSameAs(timer).isSameAs(options.timer());
    assertThat(p.retryBudget()).isEqualTo(RetryBudgetPolicy.unlimited()).isSameAs(options.retryBudget());
  }

  @Test
  void theSamePoliciesAnHttpServiceConfigTakesConfigureAChannelWhole() {
    CallPolicies policies = CallPolicies.builder().retryPolicy(RetryPolicy.noRetries())
        .hedgingPolicy(HedgingPolicy.builder().maxAttempts(2).fixedDelay(Duration.ofMillis(20)).build()).build();
    GrpcChannelOptions options = GrpcChannelOptions.builder().policies(policies).build();
    assertThat(options.policies().retryPolicy()).isSameAs(policies.retryPolicy());
    assertThat(options.hedgingPolicy()).isSameAs(policies.hedgingPolicy());
    assertThat(options.toBuilder().build().policies().hedgingPolicy()).isSameAs(policies.hedgingPolicy());
  }

  @Test
  @SuppressWarnings("removal")
  void deprecatedNamesStillWork() {
    HedgingPolicy hedging = HedgingPolicy.builder().maxAttempts(3).fixedDelay(Duration.ofMillis(10)).build();
    GrpcChannelOptions options = GrpcChannelOptions.builder().hedging(hedging).retryBudget(RetryBudgetPolicy.unlimited())
        .build();
    assertThat(options.hedging()).isSameAs(hedging).isSameAs(options.hedgingPolicy());
    assertThat(options.retryBudgetConfig()).isSameAs(options.retryBudget());
  }

  @Test
  void theHealthCheckShorthandSurvivesToBuilderAndConflictsAreRefused() {
    GrpcChannelOptions options = GrpcChannelOptions.builder().healthCheckService("users").build();
    assertThat(options.balancing().healthCheck()).hasValueSatisfying(
        h -> assertThat(h.checker()).isInstanceOfSatisfying(GrpcHealthChecker.class,
            c -> assertThat(c.serviceName()).isEqualTo("users")));
    assertThat(options.toBuilder().build().balancing().healthCheck()).isPresent(); // rebuilt, not doubled
    assertThatThrownBy(() -> GrpcChannelOptions.builder().healthCheckService("")
        .balancing(options.balancing().toBuilder().healthCheck(HealthCheckPolicy.builder(GrpcHealthChecker.v1("x")).build())
            .build()).build())
        .hasMessageContaining("healthCheckService and balancing.healthCheck are both set");
  }

  @Test
  void invalidValuesFailNamingTheField() {
    assertThatThrownBy(() -> GrpcChannelOptions.builder().defaultTimeout(Duration.ZERO).build())
        .hasMessageContaining("defaultTimeout");
    assertThatThrownBy(() -> GrpcChannelOptions.builder().initialResolutionTimeout(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("initialResolutionTimeout");
    assertThatThrownBy(() -> GrpcChannelOptions.builder().idempotentMethods("CreateUser").build())
        .hasMessageContaining("pkg.Service/Method").hasMessageContaining("CreateUser");
    assertThatThrownBy(() -> GrpcChannelOptions.builder().name(" ").build()).hasMessageContaining("name");
    HedgingPolicy one = HedgingPolicy.builder().maxAttempts(2).fixedDelay(Duration.ofMillis(5)).build();
    HedgingPolicy other = HedgingPolicy.builder().maxAttempts(2).fixedDelay(Duration.ofMillis(5)).build();
    assertThatThrownBy(() -> GrpcChannelOptions.builder().hedgingPolicy(one)
        .sharedHedgeDelay(HedgeDelay.create(other, new FakeTicker())).build())
        .hasMessageContaining("sharedHedgeDelay follows another hedging policy");
  }

  @Test
  void aChannelIsNamedAfterItsTargetsServiceNotItsFirstAddress() {
    assertThat(name("zk://127.0.0.1:2181/services/users")).isEqualTo("users");
    assertThat(name("etcd://127.0.0.1:2379/services/orders/")).isEqualTo("orders");
    assertThat(name("dns+srv:///_users._tcp.svc.test")).isEqualTo("_users._tcp.svc.test");
    assertThat(name("dns:///users.svc:8080")).isEqualTo("users.svc");
    assertThat(name("mem:users")).isEqualTo("users");
    assertThat(name("static:127.0.0.1:9001,127.0.0.1:9002")).isEqualTo("static:127.0.0.1:9001,127.0.0.1:9002");
    assertThat(SwitchboardGrpc.serviceName("127.0.0.1:9090", null)).isEqualTo("127.0.0.1:9090");
  }

  private static String name(String target) {
    return SwitchboardGrpc.serviceName(target, DiscoveryTarget.parse(target));
  }
}

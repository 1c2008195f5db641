package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigSource;
import dev.switchboard.policy.CallPolicies;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpcChannelConfigsTest {
  @Test
  void bindsAChannelsTargetOptionsAndSharedPolicies() {
    GrpcChannelConfigs.Channel users = GrpcChannelConfigs.bind(ConfigSource.of(Map.of(
        "switchboard.grpc.channels.users.target", "static:127.0.0.1:9090",
        "switchboard.grpc.channels.users.timeout", "2s",
        "switchboard.grpc.channels.users.health-check-service", "",
        "switchboard.grpc.channels.users.idempotent-methods", "users.UserService/CreateUser",
        "switchboard.grpc.channels.users.retry.max-attempts", "2",
        "switchboard.grpc.channels.users.hedging.delay", "20ms",
        "switchboard.grpc.channels.users.balancing.policy", "peak_ewma"))).get("users");

    assertThat(users.target()).isEqualTo("static:127.0.0.1:9090");
    GrpcChannelOptions o = users.options();
    assertThat(o.defaultTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.healthCheckService()).isEmpty();
    assertThat(o.idempotentMethods()).containsExactly("users.UserService/CreateUser");
    assertThat(o.retryPolicy().maxAttempts()).isEqualTo(2);
    assertThat(o.hedging().fixedDelay()).isEqualTo(Duration.ofMillis(20));
    assertThat(o.balancer()).isEqualTo("peak_ewma");
    assertThat(users.channelBuilder()).isNotNull();
  }

  @Test
  void bindsTheBreakerAndLimitKeysAsHttpClientsDo() {
    GrpcChannelOptions o = GrpcChannelConfigs.bind(ConfigSource.environment(Map.of(
        "SWITCHBOARD_GRPC_CHANNELS_USERS_TARGET", "static:127.0.0.1:9090",
        "SWITCHBOARD_GRPC_CHANNELS_USERS_BREAKER_MINIMUM_CALLS", "4",
        "SWITCHBOARD_GRPC_CHANNELS_USERS_BREAKER_OPEN_DURATION", "1m",
        "SWITCHBOARD_GRPC_CHANNELS_USERS_LIMIT_MAX_CONCURRENCY", "8"))).get("users").options();

    CallPolicies p = o.policies();
    assertThat(p.circuitBreaker().enabled()).isTrue(); // any breaker key turns it on, as for HTTP clients
    assertThat(p.circuitBreaker().minimumCalls()).isEqualTo(4);
    assertThat(p.circuitBreaker().openDuration()).isEqualTo(Duration.ofMinutes(1));
    assertThat(p.concurrencyLimit().enabled()).isTrue();
    assertThat(p.concurrencyLimit().toString()).contains("8");
  }

  @Test
  void unknownKeysAndBadValuesNameTheKey() {
    assertThatThrownBy(() -> GrpcChannelConfigs.bind(ConfigSource.environment(Map.of(
        "SWITCHBOARD_GRPC_CHANNELS_USERS_TARGET", "static:127.0.0.1:9090",
        "SWITCHBOARD_GRPC_CHANNELS_USERS_BREAKER_ENABLE", "true",
        "SWITCHBOARD_GRPC_CHANNELS_USERS_TIMEOUT", "0s"))))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "SWITCHBOARD_GRPC_CHANNELS_USERS_BREAKER_ENABLE: unknown key for \"users\"; nearest valid key:"
                + " switchboard.grpc.channels.users.breaker.enabled (environment)",
            "switchboard.grpc.channels.users.timeout: must be > 0, was \"0s\""
                + " (set as SWITCHBOARD_GRPC_CHANNELS_USERS_TIMEOUT)"));
  }
}

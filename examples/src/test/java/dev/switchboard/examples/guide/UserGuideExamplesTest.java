package dev.switchboard.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.examples.users.UserService;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.server.SwitchboardServerFilters;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs every snippet of docs/USER_GUIDE.md against real loopback user-services. */
class UserGuideExamplesTest {
  private UserService a;
  private UserService b;
  private String target;

  @BeforeEach
  void start() throws Exception {
    UserService.Options options = UserService.options();
    SwitchboardServerFilters.standard().forEach(options::filter);
    a = UserService.start(options);
    b = UserService.start(UserService.options());
    target = "static:" + a.address() + "," + b.address();
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  @Test
  void configureBuildsAllThreeStyles() {
    List<ServiceConfig> configs = UserGuideExamples.configure(target);
    assertThat(configs).extracting(ServiceConfig::discoveryTarget)
        .containsExactly("static:user-service:8000", "static:user-service:8000", target);
  }

  @Test
  void everyCallStyleWorks() {
    ServiceConfig single = ServiceConfig.of(a.baseUrl());
    assertThat(UserGuideExamples.call(single)).containsExactly("Ann", "Ada Lovelace", "Ann", "Ada Lovelace", "200");
  }

  @Test
  void errorsAreHandledByKind() {
    assertThat(UserGuideExamples.errors(ServiceConfig.of(a.baseUrl()))).isEqualTo("not found: true");
  }

  @Test
  void resilienceAndBalancingConfigsBuildAndCall() {
    for (ServiceConfig config : List.of(UserGuideExamples.resilience(target), UserGuideExamples.balancing(target))) {
      try (HttpServiceClient client = new HttpServiceClient(config)) {
        assertThat(client.getJson("/users/123").get("name").asText()).isEqualTo("Ada Lovelace");
      }
    }
  }

  @Test
  void theHedgingExampleBeatsAReplicaThatTakesASecond() throws Exception {
    try (UserService slow = UserService.start(UserService.options()
        .latency(Duration.ofSeconds(1), Duration.ofSeconds(1)))) {
      String withSlow = "static:" + slow.address() + "," + a.address();
      long start = System.nanoTime();
      assertThat(UserGuideExamples.hedging(withSlow)).isEqualTo("Ada Lovelace");
      // Four calls, two of which first met the slow replica, which answers after 1 s: all four
      // together in under 1 s means none waited for it.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
  }

  @Test
  void contextDiscoveryAndTelemetryExamplesRun() {
    assertThat(UserGuideExamples.context(ServiceConfig.of(a.baseUrl())).id()).isEqualTo("123");
    assertThat(UserGuideExamples.discovery(Endpoint.of("127.0.0.1", a.port())).name()).isEqualTo("Ada Lovelace");
    assertThat(UserGuideExamples.filtersAndTelemetry(ServiceConfig.target(target))).isEqualTo(2);
  }
}

package dev.switchboard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.config.ConfigException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.web.client.RestClient;

/** The starter's configuration rules, on contexts without a web server. */
class SwitchboardStarterConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
      AutoConfigurations.of(JacksonAutoConfiguration.class, SwitchboardAutoConfiguration.class));

  @Test
  void aBadValueStopsTheApplicationWithTheFullKeyAndTheValue() {
    runner.withPropertyValues("switchboard.clients.users.target=static:127.0.0.1:1",
            "switchboard.clients.users.retry.max-attempts=9", "switchboard.clients.users.retry.max-atempts=2")
        .run(ctx -> {
          assertThat(ctx).hasFailed();
          assertThat(ctx.getStartupFailure()).isInstanceOfSatisfying(ConfigException.class, e ->
              assertThat(e.problems()).containsExactly(
                  "switchboard.clients.users.retry.max-atempts: unknown key; nearest valid key:"
                      + " switchboard.clients.users.retry.max-attempts (test)",
                  "switchboard.clients.users.retry.max-attempts: must be 1..5, was \"9\""));
        });
  }

  @Test
  void environmentVariablesOverrideApplicationPropertiesKeyByKey() {
    runner.withPropertyValues("switchboard.clients.users.target=static:127.0.0.1:1",
            "switchboard.clients.users.timeout=5s", "switchboard.clients.users.retry.max-attempts=4")
        .withInitializer(ctx -> ctx.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource(
            "systemEnvironment", Map.of("SWITCHBOARD_CLIENTS_USERS_TIMEOUT", "1s"))))
        .run(ctx -> {
          HttpServiceClient users = ctx.getBean("usersClient", HttpServiceClient.class);
          assertThat(users.config().timeout()).isEqualTo(Duration.ofSeconds(1));
          assertThat(users.config().retryPolicy().maxAttempts()).isEqualTo(4);
        });
  }

  @Test
  void noClientsConfiguredMeansNoClientBeansButTheRegistry() {
    runner.run(ctx -> {
      assertThat(ctx).hasNotFailed();
      assertThat(ctx.getBeansOfType(HttpServiceClient.class)).isEmpty();
      assertThat(ctx.getBean(SwitchboardClients.class).names()).isEmpty();
    });
  }

  @Test
  void everyTelemetryListenerBeanHearsEveryClientsCalls() {
    List<String> ended = new CopyOnWriteArrayList<>();
    TelemetryListener listener = new TelemetryListener() {
      @Override
      public void onCallEnd(CallInfo call, Duration elapsed, ServiceCallException error) {
        ended.add(call.service() + (error == null ? " ok" : " " + error.kind()));
      }
    };
    try (ScriptedServer server = ScriptedServer.start()) {
      server.route("GET", "/ping").reply(Reply.ok("pong"));
      runner.withPropertyValues("switchboard.clients.pinger.base-url=" + server.baseUrl())
          .withBean(TelemetryListener.class, () -> listener)
          .run(ctx -> {
            assertThat(ctx.getBean("pingerClient", HttpServiceClient.class).get("/ping", String.class)).isEqualTo("pong");
            // onCallEnd runs as the call's future completes, which may be just after get() returned
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ended).containsExactly("pinger ok"));
          });
    }
  }

  @Test
  void theRoutingFactorySendsEachRequestToTheClientItsHostNamesAndAClientFactoryRefusesOtherHosts() {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.route("GET", "/ping").reply(Reply.ok("pong"));
      runner.withConfiguration(AutoConfigurations.of(SwitchboardRestClientAutoConfiguration.class))
          .withPropertyValues("switchboard.clients.pinger.base-url=" + server.baseUrl(),
              "switchboard.clients.other.target=static:127.0.0.1:1")
          .run(ctx -> {
            SwitchboardRestClients rest = ctx.getBean(SwitchboardRestClients.class);
            RestClient routing = RestClient.builder().requestFactory(rest.requestFactory()).build();
            assertThat(routing.get().uri(java.net.URI.create("http://pinger/ping?x=a%20b")).retrieve().body(String.class)).isEqualTo("pong");
            assertThat(server.requests().get(0).rawQuery()).isEqualTo("x=a%20b");

            RestClient pinger = rest.restClient("pinger").build();
            assertThatThrownBy(() -> pinger.get().uri("http://other/ping").retrieve().body(String.class))
                .hasMessageContaining("sends through Switchboard client \"pinger\", but the request is for host \"other\"");
            assertThatThrownBy(() -> rest.restClient("nobody"))
                .hasMessageContaining("no Switchboard client \"nobody\" is configured; configured: [other, pinger]");
          });
    }
  }

  @Test
  void clientBeanNamesAreTheCamelCaseOfTheClientNames() {
    assertThat(SwitchboardClientBeansRegistrar.beanName("users")).isEqualTo("usersClient");
    assertThat(SwitchboardClientBeansRegistrar.beanName("user-service")).isEqualTo("userServiceClient");
    assertThat(SwitchboardClientBeansRegistrar.beanName("Orders_v2")).isEqualTo("ordersV2Client");
  }

  @Test
  void theServletFilterIsRegisteredFirstUnlessSwitchedOff() {
    WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(
        AutoConfigurations.of(SwitchboardAutoConfiguration.class, SwitchboardServletAutoConfiguration.class));
    web.run(ctx -> assertThat(ctx.getBean(FilterRegistrationBean.class).getFilter().getClass().getSimpleName())
        .isEqualTo("CallContextServletFilter"));
    web.withPropertyValues("switchboard.server-filter.enabled=false")
        .run(ctx -> assertThat(ctx.getBeansOfType(FilterRegistrationBean.class)).isEmpty());
  }
}

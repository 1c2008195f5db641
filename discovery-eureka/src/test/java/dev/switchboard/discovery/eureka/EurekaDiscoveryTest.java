package dev.switchboard.discovery.eureka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.discovery.Discovery;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.discovery.Registration;
import dev.switchboard.discovery.eureka.internal.EurekaEndpointSource;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.testing.TcpForwarder;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.netflix.eureka.TimeoutProperties;
import org.springframework.cloud.netflix.eureka.http.DefaultEurekaClientHttpRequestFactorySupplier;
import org.springframework.cloud.netflix.eureka.http.RestClientDiscoveryClientOptionalArgs;
import org.springframework.cloud.netflix.eureka.http.RestClientTransportClientFactories;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/** eureka: against a real Spring Cloud Netflix Eureka server, with a real Spring Cloud Eureka client. */
class EurekaDiscoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger apps = new AtomicInteger();
  private static EurekaServer eureka;
  private static ScheduledExecutorService timer;

  @BeforeAll
  static void start() {
    eureka = EurekaServer.get();
    timer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterAll
  static void stop() {
    timer.shutdownNow();
  }

  private static String app() {
    return "APP" + apps.incrementAndGet();
  }

  private static String target(String app) {
    return "eureka://" + eureka.address() + "/" + app + "?refreshInterval=200ms&timeout=2s";
  }

  private static EndpointSet current(EndpointSource s) {
    return s.current().orElse(EndpointSet.empty());
  }

  /** A Spring Boot service with Spring Cloud's Eureka client, as teams migrating from Spring Cloud run it. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class OrdersApp {
    @Bean
    OrdersController ordersController() {
      return new OrdersController();
    }

    // The Eureka server's Jersey on this class path makes Spring Cloud skip its RestClient transport
    // without choosing another; a Spring service without the server jars gets these by itself.
    @Bean
    RestClientDiscoveryClientOptionalArgs restClientDiscoveryClientOptionalArgs() {
      return new RestClientDiscoveryClientOptionalArgs(
          new DefaultEurekaClientHttpRequestFactorySupplier(new TimeoutProperties(), java.util.Set.of()),
          RestClient::builder);
    }

    @Bean
    RestClientTransportClientFactories restClientTransportClientFactories(RestClientDiscoveryClientOptionalArgs args) {
      return new RestClientTransportClientFactories(args);
    }
  }

  @RestController
  static class OrdersController {
    @GetMapping("/orders/1")
    String order() {
      return "order-1";
    }
  }

  @Test
  void aSpringCloudServiceRegisteredByItsOwnEurekaClientIsDiscoveredAndCalled() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (ConfigurableApplicationContext orders = new SpringApplicationBuilder(OrdersApp.class).properties(
            "spring.main.banner-mode=off",
            "spring.application.name=orders",
            "server.address=127.0.0.1",
            "server.port=" + port,
            "eureka.client.service-url.defaultZone=" + eureka.serviceUrl(),
            "eureka.client.register-with-eureka=true",
            "eureka.client.fetch-registry=false",
            "eureka.client.initial-instance-info-replication-interval-seconds=1",
            "eureka.client.instance-info-replication-interval-seconds=1",
            "eureka.instance.prefer-ip-address=true",
            "eureka.instance.ip-address=127.0.0.1",
            "eureka.instance.lease-renewal-interval-in-seconds=1",
            "eureka.instance.metadata-map.zone=zone-a",
            "eureka.instance.metadata-map.version=2.1")
        .run();
        EndpointSource source = Discovery.open(target("orders"));
        HttpServiceClient client = new HttpServiceClient(ServiceConfig.target(target("ORDERS")))) {
      await().atMost(WAIT).until(() -> current(source).size() == 1);
      Endpoint e = current(source).endpoints().get(0);
      assertThat(e.address()).isEqualTo("127.0.0.1:" + port);
      assertThat(e.zone()).isEqualTo("zone-a");
      assertThat(e.metadata()).containsEntry("version", "2.1").containsEntry("eureka.app", "ORDERS")
          .containsEntry("eureka.secure", "false");
      assertThat(client.get("/orders/1", String.class)).isEqualTo("order-1");
      orders.close(); // Spring's client cancels its registration on shutdown
      await().atMost(WAIT).until(() -> current(source).isEmpty());
    }
  }

  @Test
  void aSwitchboardRegistrationIsVisibleInEurekasRestApiRenewedAndRemovedOnClose() throws Exception {
    String app = app();
    Endpoint self = new Endpoint("127.0.0.1", 9101, 3, 1, "zone-b", Map.of("version", "1.0"));
    Registration r = Discovery.register(target(app) + "&renewInterval=1s&leaseDuration=5s", self);
    try {
      assertThat(r.isRegistered()).isTrue();
      JsonNode instance = JSON.readTree(eureka.rest("GET", "/apps/" + app, null).body())
          .path("application").path("instance").get(0);
      assertThat(instance.path("instanceId").asText()).isEqualTo("127.0.0.1:" + app.toLowerCase() + ":9101");
      assertThat(instance.path("hostName").asText()).isEqualTo("127.0.0.1");
      assertThat(instance.path("status").asText()).isEqualTo("UP");
      assertThat(instance.path("port").path("$").asInt()).isEqualTo(9101);
      assertThat(instance.path("metadata").path("zone").asText()).isEqualTo("zone-b");
      assertThat(instance.path("metadata").path("weight").asText()).isEqualTo("3");
      assertThat(instance.path("metadata").path("version").asText()).isEqualTo("1.0");
      assertThat(instance.path("leaseInfo").path("durationInSecs").asInt()).isEqualTo(5);
      long firstRenewal = instance.path("leaseInfo").path("lastRenewalTimestamp").asLong();
      // heartbeats move the lease on (the instance resource reads the registry, not the response cache)
      String instancePath = "/apps/" + app + "/127.0.0.1:" + app.toLowerCase() + ":9101";
      await().atMost(WAIT).until(() -> JSON.readTree(eureka.rest("GET", instancePath, null).body())
          .path("instance").path("leaseInfo").path("lastRenewalTimestamp").asLong() > firstRenewal);
      // and what Switchboard wrote reads back as the same endpoint
      try (EndpointSource s = Discovery.open(target(app))) {
        await().atMost(WAIT).until(() -> current(s).size() == 1);
        assertThat(current(s).endpoints().get(0)).satisfies(e -> {
          assertThat(e.address()).isEqualTo("127.0.0.1:9101");
          assertThat(e.weight()).isEqualTo(3);
          assertThat(e.priority()).isEqualTo(1);
          assertThat(e.zone()).isEqualTo("zone-b");
        });
      }
    } finally {
      r.close();
    }
    assertThat(r.isRegistered()).isFalse();
    assertThat(eureka.rest("GET", "/apps/" + app, null).statusCode()).isEqualTo(404);
  }

  @Test
  void aRegistrationEurekaForgotIsWrittenAgainAtTheNextRenewal() {
    String app = app();
    try (Registration r = Discovery.register(target(app) + "&renewInterval=1s&leaseDuration=5s",
        Endpoint.of("127.0.0.1", 9102))) {
      assertThat(eureka.rest("GET", "/apps/" + app, null).statusCode()).isEqualTo(200);
      eureka.cancel(app, "127.0.0.1:" + app.toLowerCase() + ":9102"); // as after a server restart
      assertThat(eureka.rest("GET", "/apps/" + app, null).statusCode()).isEqualTo(404);
      // the next renewal is answered 404 and registers again
      await().atMost(WAIT).until(() -> eureka.rest("GET", "/apps/" + app, null).statusCode() == 200);
      await().atMost(WAIT).until(r::isRegistered);
    }
  }

  @Test
  void onlyUpInstancesGetTrafficAndAnOperatorsOutOfServiceTakesOneOut() {
    String app = app();
    eureka.register(app, "up-1", "127.0.0.1", 9201, "UP", null);
    eureka.register(app, "up-2", "127.0.0.1", 9202, "UP", null);
    eureka.register(app, "down", "127.0.0.1", 9203, "DOWN", null);
    eureka.register(app, "starting", "127.0.0.1", 9204, "STARTING", null);
    try (EndpointSource s = Discovery.open(target(app))) {
      await().atMost(WAIT).until(() -> current(s).size() == 2);
      assertThat(addresses(s)).containsExactlyInAnyOrder("127.0.0.1:9201", "127.0.0.1:9202");
      eureka.overrideStatus(app, "up-2", "OUT_OF_SERVICE");
      await().atMost(WAIT).until(() -> addresses(s).equals(java.util.Set.of("127.0.0.1:9201")));
      eureka.removeOverride(app, "up-2");
      await().atMost(WAIT).until(() -> current(s).size() == 2);
    }
  }

  @Test
  void zonesComeFromMetadataOrTheAwsAvailabilityZoneAndAnEnabledSecurePortWins() {
    String app = app();
    eureka.register(app, "aws", "ip-10-0-0-1.ec2.internal", "127.0.0.1", 9301, "UP",
        "\"dataCenterInfo\":{\"@class\":\"com.netflix.appinfo.AmazonInfo\",\"name\":\"Amazon\","
            + "\"metadata\":{\"availability-zone\":\"us-east-1c\",\"instance-id\":\"i-1\"}}");
    eureka.register(app, "secure", "127.0.0.1", 9302, "UP",
        "\"securePort\":{\"$\":9443,\"@enabled\":\"true\"},\"metadata\":{\"zone\":\"z1\",\"weight\":\"4\"}");
    try (EndpointSource s = Discovery.open(target(app))) {
      await().atMost(WAIT).until(() -> current(s).size() == 2);
      Map<String, Endpoint> byId = new java.util.HashMap<>();
      current(s).endpoints().forEach(e -> byId.put(e.metadata().get("eureka.instanceId"), e));
      assertThat(byId.get("aws").address()).isEqualTo("ip-10-0-0-1.ec2.internal:9301");
      assertThat(byId.get("aws").zone()).isEqualTo("us-east-1c");
      assertThat(byId.get("secure").address()).isEqualTo("127.0.0.1:9443");
      assertThat(byId.get("secure").metadata()).containsEntry("eureka.secure", "true");
      assertThat(byId.get("secure").zone()).isEqualTo("z1");
      assertThat(byId.get("secure").weight()).isEqualTo(4);
    }
    try (EndpointSource s = Discovery.open(target(app) + "&useIpAddress=true")) {
      await().atMost(WAIT).until(() -> current(s).size() == 2);
      assertThat(addresses(s)).containsExactlyInAnyOrder("127.0.0.1:9301", "127.0.0.1:9443");
    }
  }

  @Test
  void changesArriveAsDeltasAndAClientThatWasAwayCatchesUpWithAFullFetch() {
    String app = app();
    eureka.register(app, "a", "127.0.0.1", 9401, "UP", null);
    try (TcpForwarder link = TcpForwarder.start("127.0.0.1", eureka.port());
        EndpointSource s = Discovery.open("eureka://" + link.address() + "/" + app + "?refreshInterval=200ms&timeout=1s")) {
      EurekaEndpointSource source = (EurekaEndpointSource) s;
      await().atMost(WAIT).until(() -> current(s).size() == 1);
      long full = source.registryFullFetches();
      for (int port = 9402; port <= 9404; port++) {
        eureka.register(app, "p" + port, "127.0.0.1", port, "UP", null);
        int expected = port - 9400;
        await().atMost(WAIT).until(() -> current(s).size() == expected);
      }
      eureka.cancel(app, "a");
      await().atMost(WAIT).until(() -> current(s).size() == 3);
      assertThat(source.registryFullFetches()).as("changes came as deltas").isEqualTo(full);

      link.stop();
      // one UP instance replaced by another: the reconcile hash (counts per status) cannot see it
      eureka.cancel(app, "p9402");
      eureka.register(app, "late", "127.0.0.1", 9405, "UP", null);
      // back after the server dropped these changes from its delta queue (a scheduled action, no sleep)
      timer.schedule(link::resume, EurekaServer.DELTA_RETENTION.toMillis() + 2_000, TimeUnit.MILLISECONDS);
      await().atMost(WAIT).until(link::isForwarding);
      await().atMost(WAIT).untilAsserted(() -> assertThat(addresses(s))
          .containsExactlyInAnyOrder("127.0.0.1:9403", "127.0.0.1:9404", "127.0.0.1:9405"));
      assertThat(source.registryFullFetches()).as("caught up in full after the failed fetches").isGreaterThan(full);
    }
  }

  @Test
  void aDeadFirstServerFailsOverToTheNext() throws Exception {
    String app = app();
    eureka.register(app, "x", "127.0.0.1", 9501, "UP", null);
    int dead;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort();
    }
    try (EndpointSource s = Discovery.open("eureka://127.0.0.1:" + dead + "," + eureka.address() + "/" + app
        + "?refreshInterval=200ms&timeout=1s")) {
      assertThat(s.awaitInitial(WAIT).endpoints()).extracting(Endpoint::address).containsExactly("127.0.0.1:9501");
    }
  }

  @Test
  void anUnknownApplicationIsAnEmptySet() {
    try (EndpointSource s = Discovery.open(target("NOBODY"))) {
      assertThat(s.awaitInitial(WAIT).isEmpty()).isTrue();
    }
  }

  @Test
  void badTargetsFailAtConstructionQuotingTheValue() {
    assertThatThrownBy(() -> Discovery.open("eureka:///USERS")).hasMessageContaining("\"eureka:///USERS\"")
        .hasMessageContaining("names no server");
    assertThatThrownBy(() -> Discovery.open("eureka://127.0.0.1/USERS")).hasMessageContaining("\"127.0.0.1\"");
    assertThatThrownBy(() -> Discovery.open("eureka://127.0.0.1:8761/")).hasMessageContaining("one application");
    assertThatThrownBy(() -> Discovery.open("eureka://127.0.0.1:8761/A/B")).hasMessageContaining("one application");
    assertThatThrownBy(() -> Discovery.open("eureka://127.0.0.1:8761/A?refresh=1s")).hasMessageContaining("\"refresh\"");
    assertThatThrownBy(() -> Discovery.open("eureka://127.0.0.1:8761/A?tls=maybe")).hasMessageContaining("tls");
    assertThatThrownBy(() -> Discovery.register("eureka://127.0.0.1:8761/A?renewInterval=30s&leaseDuration=10s",
        Endpoint.of("h", 1))).hasMessageContaining("leaseDuration");
  }

  private static java.util.Set<String> addresses(EndpointSource s) {
    java.util.Set<String> out = new java.util.HashSet<>();
    current(s).endpoints().forEach(e -> out.add(e.address()));
    return out;
  }
}

package dev.switchboard.discovery.eureka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.netflix.eureka.server.EnableEurekaServer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A real Spring Cloud Netflix Eureka server on 127.0.0.1 and a free port, started once per test
 * JVM (about 10 s) and shared by the test classes, with settings for quick tests: no
 * self-preservation, no read-only response cache (changes are visible to the next read), eviction
 * every second, and changes kept in the delta queue for 3 s (so a client away longer than that
 * must reconcile with a full fetch). Also a small client for its REST API, to write registrations
 * by hand as a Spring Cloud client would.
 */
final class EurekaServer {
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @EnableEurekaServer
  static class App {}

  /** How long the server keeps changes in its delta queue. */
  static final Duration DELTA_RETENTION = Duration.ofSeconds(3);

  private static EurekaServer shared;

  private final ConfigurableApplicationContext context;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private EurekaServer() {
    int free = freePort();
    this.context = new SpringApplicationBuilder(App.class)
        .properties(
            "server.port=" + free,
            "server.address=127.0.0.1",
            "spring.main.banner-mode=off",
            "spring.application.name=eureka-server",
            "eureka.client.register-with-eureka=false",
            "eureka.client.fetch-registry=false",
            // its own URL as the only peer, which Eureka recognises and skips: no replication
            "eureka.instance.hostname=127.0.0.1",
            "eureka.client.service-url.defaultZone=http://127.0.0.1:" + free + "/eureka/",
            "eureka.server.enable-self-preservation=false",
            "eureka.server.use-read-only-response-cache=false",
            "eureka.server.response-cache-update-interval-ms=100",
            "eureka.server.eviction-interval-timer-in-ms=1000",
            "eureka.server.wait-time-in-ms-when-sync-empty=0",
            "eureka.server.retention-time-in-m-s-in-delta-queue=" + DELTA_RETENTION.toMillis(),
            "eureka.server.delta-retention-timer-interval-in-ms=500")
        .run();
    this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    Runtime.getRuntime().addShutdownHook(new Thread(context::close, "eureka-server-shutdown"));
  }

  private static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The server, started on first use. */
  static synchronized EurekaServer get() {
    if (shared == null) {
      shared = new EurekaServer();
    }
    return shared;
  }

  int port() {
    return port;
  }

  /** {@code 127.0.0.1:port}, for a target's authority. */
  String address() {
    return "127.0.0.1:" + port;
  }

  /** {@code http://127.0.0.1:port/eureka/}, the service URL a Spring Cloud client is given. */
  String serviceUrl() {
    return "http://" + address() + "/eureka/";
  }

  /** Sends {@code method} to {@code /eureka + path} with a JSON body (or none); returns status and body. */
  HttpResponse<String> rest(String method, String path, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + address() + "/eureka" + path))
        .timeout(Duration.ofSeconds(10))
        .header("Accept", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Registers an instance as Spring Cloud's Eureka client does ({@code POST /eureka/apps/APP}),
   * with a lease long enough for any test; {@code extra} is spliced into the instance object.
   */
  void register(String app, String instanceId, String host, int port, String status, String extra) {
    register(app, instanceId, host, host, port, status, extra);
  }

  /** As above, with an {@code ipAddr} other than the host name. */
  void register(String app, String instanceId, String host, String ip, int port, String status, String extra) {
    String json = "{\"instance\":{"
        + "\"instanceId\":\"" + instanceId + "\",\"hostName\":\"" + host + "\",\"app\":\"" + app + "\","
        + "\"ipAddr\":\"" + ip + "\",\"status\":\"" + status + "\",\"overriddenStatus\":\"UNKNOWN\","
        + "\"port\":{\"$\":" + port + ",\"@enabled\":\"true\"},\"securePort\":{\"$\":443,\"@enabled\":\"false\"},"
        + "\"countryId\":1,\"vipAddress\":\"" + app.toLowerCase() + "\",\"secureVipAddress\":\"" + app.toLowerCase() + "\","
        + "\"dataCenterInfo\":{\"@class\":\"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo\",\"name\":\"MyOwn\"},"
        + "\"leaseInfo\":{\"renewalIntervalInSecs\":30,\"durationInSecs\":600},"
        + "\"metadata\":{\"management.port\":\"" + port + "\"}"
        + (extra == null || extra.isEmpty() ? "" : "," + extra)
        + "}}";
    HttpResponse<String> r = rest("POST", "/apps/" + app, json);
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException("register " + instanceId + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  /** Deregisters ({@code DELETE /eureka/apps/APP/ID}); 404 is fine. */
  void cancel(String app, String instanceId) {
    int status = rest("DELETE", "/apps/" + app + "/" + instanceId, null).statusCode();
    if (status != 200 && status != 404) {
      throw new IllegalStateException("cancel " + instanceId + " answered " + status);
    }
  }

  /** Sets an operator's status override ({@code PUT .../status?value=OUT_OF_SERVICE}). */
  void overrideStatus(String app, String instanceId, String status) {
    int code = rest("PUT", "/apps/" + app + "/" + instanceId + "/status?value=" + status, null).statusCode();
    if (code != 200) {
      throw new IllegalStateException("status override of " + instanceId + " answered " + code);
    }
  }

  /** Removes an operator's status override. */
  void removeOverride(String app, String instanceId) {
    int code = rest("DELETE", "/apps/" + app + "/" + instanceId + "/status?value=UP", null).statusCode();
    if (code != 200) {
      throw new IllegalStateException("removing the override of " + instanceId + " answered " + code);
    }
  }
}

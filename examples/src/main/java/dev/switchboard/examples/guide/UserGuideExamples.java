package dev.switchboard.examples.guide;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CallContext;
import dev.switchboard.discovery.Discovery;
import dev.switchboard.discovery.Registration;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusCode;
import dev.switchboard.examples.users.NewUser;
import dev.switchboard.examples.users.User;
import dev.switchboard.health.HealthCheckPolicy;
import dev.switchboard.health.OutlierDetectionPolicy;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.PathTemplate;
import dev.switchboard.http.transport.HttpTransportFactory;
import dev.switchboard.pipeline.Response;
import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Deadline;
import dev.switchboard.transport.ConnectionPolicy;
import dev.switchboard.transport.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The snippets of {@code docs/USER_GUIDE.md}, as code that compiles and runs
 * ({@code UserGuideExamplesTest}). Each method is one section; keep them in sync with the guide.
 */
public final class UserGuideExamples {
  private UserGuideExamples() {}

  /** §1: configure a destination three ways. */
  public static List<ServiceConfig> configure(String usersTarget) {
    ServiceConfig byUrl = ServiceConfig.of("http://user-service:8000");
    ServiceConfig seed = ServiceConfig.of("http://user-service:8000", Duration.ofSeconds(5), 3);
    ServiceConfig byTarget = ServiceConfig.builder()
        .name("users")                                  // used in errors and telemetry
        .target(usersTarget)                            // e.g. static:10.0.0.7:8000,10.0.0.8:8000;weight=2
        .timeout(Duration.ofSeconds(2))                 // the whole call, all attempts
        .maxRetries(2)                                  // after the first attempt; 0..4
        .maxResponseBytes(1 << 20)                      // default 10 MiB
        .deadlineMargin(Duration.ofMillis(5))           // subtracted from the time sent downstream
        .build();
    return List.of(byUrl, seed, byTarget);
  }

  /** §2: every way to call. Returns the names read back. */
  public static List<String> call(ServiceConfig config) {
    try (HttpServiceClient users = new HttpServiceClient(config)) {
      User created = users.post("/users", new NewUser("ann@example.com", "Ann"), User.class);
      User u = users.get(PathTemplate.expand("/users/{id}", created.id()), User.class);  // blocking
      CompletableFuture<User> f = users.getAsync("/users/123", User.class);               // async
      List<User> all = users.get("/users", new TypeReference<List<User>>() {});          // generic
      JsonNode tree = users.getJson("/users/123");                                       // JSON tree
      Response raw = users.request("GET", "/users")                                      // full control
          .query("email", "ann@example.com")
          .header("x-tenant", "acme")
          .timeout(Duration.ofMillis(300))
          .exchange();
      users.delete(PathTemplate.expand("/users/{id}", created.id()));
      return List.of(u.name(), f.join().name(), all.get(0).name(), tree.get("name").asText(),
          Integer.toString(raw.status()));
    }
  }

  /** §3: handle errors by kind. Returns what the caller decided. */
  public static String errors(ServiceConfig config) {
    try (HttpServiceClient users = new HttpServiceClient(config)) {
      users.get("/users/nobody", User.class);
      return "found";
    } catch (ServiceCallException e) {
      return switch (e.kind()) {
        case CLIENT_ERROR -> "not found: " + e.getMessage().contains("correlation-id=");
        case DEADLINE_EXCEEDED -> "too slow";
        default -> "other: " + e.kind();
      };
    }
  }

  /** §4: resilience policies. */
  public static ServiceConfig resilience(String usersTarget) {
    return ServiceConfig.builder()
        .target(usersTarget)
        .retryPolicy(RetryPolicy.builder()
            .maxAttempts(4)                                         // 1..5
            .backoff(Duration.ofMillis(25), 2.0, Duration.ofSeconds(1))
            .retryOn(ErrorKind.CONNECT_FAILED, ErrorKind.TIMEOUT, ErrorKind.SERVER_ERROR)
            .retryOnStatus(502, 503, 504)
            .perAttemptTimeout(Duration.ofMillis(300))
            .build())
        .retryBudget(RetryBudgetPolicy.builder().ratio(0.2).minRetriesPerSecond(10).build())
        .circuitBreaker(CircuitBreakerPolicy.builder().failureRateThreshold(0.5).countWindow(100)
            .minimumCalls(20).openDuration(Duration.ofSeconds(10)).halfOpenCalls(5).build())
        .concurrencyLimit(ConcurrencyLimitPolicy.aimd().initialLimit(20).maxLimit(200)
            .maxWait(Duration.ofMillis(20)).build())
        .build();
  }

  /**
   * §4, Hedging: a destination whose slow replies are hedged on another replica after the p95
   * latency; POSTs only when they carry an Idempotency-Key. Makes four calls; returns the name.
   */
  public static String hedging(String usersTarget) {
    ServiceConfig config = ServiceConfig.builder()
        .name("users").target(usersTarget).timeout(Duration.ofSeconds(5))
        .hedgingPolicy(HedgingPolicy.builder()
            .maxAttempts(2)                                   // including the first; 1..5 (1 = off)
            .adaptiveDelay(95.0)                              // p95 of recent attempt latencies (default p99)
            .minDelay(Duration.ofMillis(1))                   // floor (default 1 ms)
            .maxDelay(Duration.ofMillis(50))                  // ceiling, also used until 100 samples
            .window(Duration.ofSeconds(10))                   // how far back latencies count
            .nonFatalOnCode(StatusCode.UNAVAILABLE)           // hedge at once on these (HTTP 502-504, gRPC 14)
            .keyedMethods("POST")                             // POSTs with an Idempotency-Key only
            .build())
        .build();
    try (HttpServiceClient users = new HttpServiceClient(config)) {
      String name = null;
      for (int i = 0; i < 4; i++) {                         // round robin over two replicas: every
        name = users.get("/users/123", User.class).name();  // other first attempt meets the slow one
      }
      return name;
    }
  }

  /** §5: balancing and health. */
  public static ServiceConfig balancing(String usersTarget) {
    return ServiceConfig.builder()
        .target(usersTarget)
        .balancing(BalancingPolicy.builder()
            .policy("peak_ewma")                                    // P2C x peak EWMA
            .healthCheck(HealthCheckPolicy.builder(dev.switchboard.health.HealthChecker.http("/health", 200))
                .interval(Duration.ofSeconds(2)).unhealthyThreshold(2).healthyThreshold(1).build())
            .outlierDetection(OutlierDetectionPolicy.builder().consecutiveFailures(5)
                .baseEjectionTime(Duration.ofSeconds(30)).maxEjectionPercent(50).build())
            .panicThresholdPercent(50)
            .slowStartWindow(Duration.ofSeconds(30))
            .zone("eu-west-1a")
            .build())
        .build();
  }

  /** §6: context. Calls made while a context is bound inherit its id and deadline. */
  public static User context(ServiceConfig config) {
    try (HttpServiceClient users = new HttpServiceClient(config)) {
      CallContext inbound = CallContext.empty()
          .withCorrelationId("order-7")
          .withDeadline(Deadline.after(Duration.ofMillis(2000)));
      try (CallContext.Scope s = inbound.attach()) {
        return users.get("/users/123", User.class);  // sends x-request-id: order-7, x-request-timeout-ms ≈ 1995
      }
    }
  }

  /** §7: discovery and registration: register in the in-process registry, call through it. */
  public static User discovery(Endpoint self) {
    try (Registration registration = Discovery.register("mem:users", self);
         HttpServiceClient users = new HttpServiceClient(ServiceConfig.target("mem:users"))) {
      return users.get("/users/123", User.class);
    }
  }

  /** §8: filters and telemetry. Returns attempts counted by the listener. */
  public static int filtersAndTelemetry(ServiceConfig config) {
    AtomicInteger attempts = new AtomicInteger();
    ServiceConfig withAuth = config.toBuilder()
        .addFilter((request, chain) ->
            chain.proceed(request.toBuilder().setHeader("authorization", "Bearer demo-token").build()))
        .telemetry(new TelemetryListener() {
          @Override
          public void onAttemptEnd(CallInfo call, Endpoint endpoint, int attempt, Duration latency,
              ServiceCallException error) {
            attempts.incrementAndGet();
          }
        })
        .build();
    try (HttpServiceClient users = new HttpServiceClient(withAuth)) {
      users.get("/users/123", User.class);
      users.get("/users/124", User.class);
    }
    return attempts.get();
  }

  /** §16: transport, TLS (trust and mTLS from PEM files), HTTP/2 and connections for one client. */
  public static ServiceConfig secure(String httpsUrl, Path caPem, Path clientPem, Path clientKey) {
    ServiceConfig secure = ServiceConfig.builder()
        .baseUrl(httpsUrl)
        .transport(HttpTransportFactory.apache())          // the default; HttpTransportFactory.jdk() for java.net.http
        .tls(TlsConfig.builder()
            .trustCertificatesPem(caPem)                   // trust this CA only, for this client only
            .certificateChainPem(clientPem)                // mTLS: present this certificate chain...
            .privateKeyPem(clientKey)                      // ...with its unencrypted PKCS#8 key
            .build())
        .connections(ConnectionPolicy.builder()
            .protocol(ConnectionPolicy.Protocol.HTTP_2)    // h2 via ALPN over https; h2c (prior knowledge) over http
            .maxConnectionsPerEndpoint(128)                // default 64
            .idleTimeout(Duration.ofSeconds(20))           // default 30 s
            .maxLifetime(Duration.ofMinutes(2))            // default 5 min
            .build())
        .build();
    return secure;
  }

  /** §16: {@code java.net.http}, no dependency beyond the JDK. */
  public static ServiceConfig zeroDependencies(String httpsUrl, Path caPem) {
    ServiceConfig zeroDependencies = ServiceConfig.builder()
        .baseUrl(httpsUrl)
        .transport(HttpTransportFactory.jdk())
        .tls(TlsConfig.builder().trustCertificatesPem(caPem).build())
        .build();
    return zeroDependencies;
  }
}

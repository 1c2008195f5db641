package dev.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.discovery.InMemoryRegistry;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.PathTemplate;
import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.testing.HeadlessChromium;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import dev.switchboard.testing.ScriptedServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin page as a person sees it: a real headless Chromium loads it from a real admin server,
 * runs its script, and the rendered DOM must show the live state of real clients calling real
 * loopback servers, changing as calls are made. Skipped only when no browser is installed outside
 * CI ({@code .ci/run} installs Debian's chromium). With {@code -Dswitchboard.admin.screenshot=FILE}
 * it also saves a screenshot of the page (the one in the user guide).
 */
class AdminPageInHeadlessChromiumTest {
  private static final Duration BUDGET = Duration.ofSeconds(3);

  private ScriptedServers replicas;
  private HttpServiceClient users;
  private HttpServiceClient orders;
  private AdminServer admin;
  private final List<InMemoryRegistry.Lease> leases = new ArrayList<>();
  private final List<CompletableFuture<String>> pending = new ArrayList<>();

  @BeforeEach
  void start() {
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(HeadlessChromium.isInstalled(),
          "chromium is not installed here: skipping the browser test (.ci/run installs it; CI never skips)");
    }
    replicas = ScriptedServers.start(2, ScriptedServer.builder().neverAnswerLimit(Duration.ofSeconds(30)));
    replicas.route("GET", "/users/{id}", Reply.json(200, "{}"));
    replicas.route("GET", "/slow/{id}", Reply.neverAnswer());
    users = new HttpServiceClient(ServiceConfig.builder().name("users").target(replicas.staticTarget())
        .timeout(Duration.ofSeconds(30)).circuitBreaker(CircuitBreakerPolicy.defaults())
        .concurrencyLimit(ConcurrencyLimitPolicy.fixed(50))
        .hedgingPolicy(dev.switchboard.policy.HedgingPolicy.disabled()) // two stuck calls, two attempts in flight: no hedges
        .build());
    // Two failover levels, as DNS SRV priorities (RFC 2782) would give them; nothing listens there.
    leases.add(InMemoryRegistry.global().register("orders-admin-page", new Endpoint("127.0.0.1", 9, 1, 0, "", Map.of())));
    leases.add(InMemoryRegistry.global().register("orders-admin-page", new Endpoint("127.0.0.1", 10, 1, 1, "", Map.of())));
    orders = new HttpServiceClient(ServiceConfig.builder().name("orders").target("mem:orders-admin-page")
        .hedgingPolicy(HedgingPolicy.fixed(Duration.ofMillis(25))).build());
    admin = AdminServer.builder().states(() -> List.of(users.state(), orders.state()))
        .refresh(Duration.ofMillis(200)).start();
  }

  @AfterEach
  void stop() {
    pending.forEach(f -> f.cancel(true));
    if (admin != null) {
      admin.close();
      users.close();
      orders.close();
      replicas.close();
    }
    leases.forEach(InMemoryRegistry.Lease::close);
  }

  private void calls(int n) {
    for (int i = 0; i < n; i++) {
      users.get(PathTemplate.expand("/users/{id}", Integer.toString(i)), String.class);
    }
  }

  /** The number in cell {@code column} of each endpoint row, summed. */
  private static long sum(String dom, String column) {
    Matcher m = Pattern.compile("<td class=\"" + Pattern.quote(column) + " num\">(\\d+)</td>").matcher(dom);
    long sum = 0;
    int rows = 0;
    while (m.find()) {
      sum += Long.parseLong(m.group(1));
      rows++;
    }
    assertThat(rows).as("rows with a %s cell", column).isGreaterThan(0);
    return sum;
  }

  @Test
  void theRenderedPageShowsEveryClientAndItsLiveNumbersChangeWithCalls() {
    calls(6);

    String first = HeadlessChromium.dumpDom(admin.url(), BUDGET);

    for (String address : replicas.endpointAddresses()) {
      assertThat(first).contains("<tr data-address=\"" + address + "\"><td class=\"address\">" + address + "</td>");
    }
    assertThat(first).contains("data-service=\"users\"").contains("data-service=\"orders\"");
    assertThat(first).contains("<td class=\"weight num\">1</td><td class=\"priority num\">0</td>") // static: level 0
        .contains("<tr data-address=\"127.0.0.1:10\"><td class=\"address\">127.0.0.1:10</td><td class=\"zone\">\u2013</td>"
            + "<td class=\"weight num\">1</td><td class=\"priority num\">1</td>");
    assertThat(sum(first, "successes")).isEqualTo(6);
    assertThat(sum(first, "in-flight")).isZero();
    assertThat(first).contains("100.0%").contains(">closed</span>").contains("0 / 50, 0 refused");
    assertThat(first).contains("<dd>25.0 ms</dd>"); // the orders client's hedge delay
    assertThat(first).doesNotContain("backing off"); // no server pushed back
    assertThat(first).contains(replicas.staticTarget());

    pending.add(users.request("GET", PathTemplate.expand("/slow/{id}", "1")).sendAsync(String.class));
    pending.add(users.request("GET", PathTemplate.expand("/slow/{id}", "2")).sendAsync(String.class));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> users.state().endpoints().stream().mapToInt(e -> e.inFlight()).sum() == 2);
    calls(4);

    String second = HeadlessChromium.dumpDom(admin.url(), BUDGET);

    assertThat(sum(second, "successes")).isEqualTo(10);
    assertThat(sum(second, "in-flight")).isEqualTo(2);
    assertThat(second).contains("2 / 50, 0 refused");

    String screenshot = System.getProperty("switchboard.admin.screenshot");
    if (screenshot != null && !screenshot.isBlank()) {
      HeadlessChromium.screenshot(admin.url(), BUDGET, Path.of(screenshot), 1280, 900);
    }
  }
}

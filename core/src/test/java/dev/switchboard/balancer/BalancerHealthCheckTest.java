package dev.switchboard.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.HealthCheckPolicy;
import dev.switchboard.health.HealthChecker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Active health checks drive the balancer: three real loopback HTTP servers, the manual scheduler
 * fires the checks, the real HTTP client runs them.
 */
class BalancerHealthCheckTest {
  private final List<HttpServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  private Endpoint serve(AtomicInteger status) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    s.start();
    servers.add(s);
    return Endpoint.of("127.0.0.1", s.getAddress().getPort());
  }

  @Test
  void anEndpointFailingItsHealthCheckIsRemovedAndReturnsWhenItRecovers() throws Exception {
    AtomicInteger sick = new AtomicInteger(200);
    List<Endpoint> es = List.of(serve(new AtomicInteger(200)), serve(sick), serve(new AtomicInteger(200)));
    BalancingPolicy o = BalancingPolicy.builder().slowStartWindow(Duration.ZERO)
        .healthCheck(HealthCheckPolicy.builder(HealthChecker.http("/health")).interval(Duration.ofSeconds(1))
            .jitter(Duration.ZERO).unhealthyThreshold(2).healthyThreshold(1).build())
        .build();
    try (BalancerHarness h = new BalancerHarness("round_robin", o, 4).update(es)) {
      sick.set(503);
      for (int round = 0; round < 2; round++) { // interval × unhealthy threshold
        int before = h.events.size();
        h.advance(Duration.ofSeconds(1));
        if (round == 1) {
          await().atMost(Duration.ofSeconds(5)).until(() -> h.events.size() > before);
        } else {
          awaitChecksSettled(h);
        }
      }
      assertThat(h.events).containsExactly("unhealthy " + es.get(1)
          + ": HTTP GET /health returned 503, expected 200 (2 failures in a row)");
      assertThat(h.distribution(300).keySet()).containsExactlyInAnyOrder(es.get(0), es.get(2));

      sick.set(200);
      h.advance(Duration.ofSeconds(1));
      await().atMost(Duration.ofSeconds(5)).until(() -> h.events.size() == 3);
      assertThat(h.events.subList(1, 3)).containsExactly(
          "healthy " + es.get(1) + ": HTTP GET /health returned 200 (1 passes in a row)",
          "readmitted " + es.get(1));
      assertThat(h.distribution(300).keySet()).containsExactlyInAnyOrderElementsOf(es);
    }
  }

  /** The checks run on the HTTP client's threads; wait until each has rescheduled itself. */
  private static void awaitChecksSettled(BalancerHarness h) {
    await().atMost(Duration.ofSeconds(5)).until(() -> h.scheduler.pendingCount() >= 4); // 3 probes + interval
  }
}

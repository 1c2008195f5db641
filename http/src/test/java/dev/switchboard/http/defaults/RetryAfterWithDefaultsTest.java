package dev.switchboard.http.defaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServers;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17: one replica answers 429 with {@code Retry-After: 2}. Before, round robin stepped from
 * the backing-off replica to its neighbour and handed it the whole share (4,108 requests against
 * 2,056). Backing-off endpoints are now skipped inside the picker: they give up their turn.
 */
class RetryAfterWithDefaultsTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"least_request", "round_robin", "random"}) // the default first
  void aReplicaAskingToBackOffHasItsShareSpreadEvenlyOverTheOthers(String balancer) throws Exception {
    try (ScriptedServers replicas = ScriptedServers.start(3)) {
      replicas.route("GET", "/x", Reply.ok("ok"));
      replicas.get(0).route("GET", "/x").reply(Reply.status(429).header("Retry-After", "2"));
      ServiceConfig config = ServiceConfig.builder().target(replicas.staticTarget()).balancer(balancer)
          .timeout(Duration.ofSeconds(1)).build();
      try (HttpServiceClient client = new HttpServiceClient(config)) {
        Load load = Load.run(2000, 4, Duration.ofSeconds(60), i -> client.request("GET", "/x").exchange());

        assertThat(load.failed.get()).as("%s", load).isZero();
        double one = replicas.get(1).requestCount();
        double two = replicas.get(2).requestCount();
        // the callers racing it at first, then one probe per 2 s: well under 1% of the calls
        assertThat(replicas.get(0).requestCount()).isLessThan(2000 / 100);
        // (peak_ewma is left out: its split follows the two replicas' own latency, as it should)
        assertThat(one / (one + two)).as("%s", replicas.requestCounts()).isCloseTo(0.5, within(0.05));
      }
    }
  }
}

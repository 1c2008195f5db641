package dev.switchboard.http.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's total outage: every replica answers 503. Before: 1.25 N requests on the wire (N, the
 * budget's 20%, its 100-token reserve). The failure throttle stops retrying a destination that
 * mostly fails, so the goal is at most 1.05 N, with defaults.
 */
class TotalOutageWithDefaultsTest {
  @Test
  void anOutageOfTwoThousandCallsPutsAtMostOnePointZeroFiveRequestsPerCallOnTheWire() throws Exception {
    try (ScriptedServers replicas = ScriptedServers.start(3)) {
      replicas.route("GET", "/x", Reply.status(503));
      ServiceConfig config = ServiceConfig.builder().target(replicas.staticTarget())
          .timeout(Duration.ofSeconds(1)).build();
      try (HttpServiceClient client = new HttpServiceClient(config)) {
        Load load = Load.run(2000, 8, Duration.ofSeconds(60), i -> client.request("GET", "/x").exchange());

        assertThat(load.failed.get()).isEqualTo(2000);
        assertThat(load.failures.keySet()).allMatch(k -> k.startsWith(ErrorKind.SERVER_ERROR.name()));
        assertThat(replicas.totalRequestCount()).isLessThanOrEqualTo(2000 * 105 / 100);
        assertThat(replicas.totalRequestCount()).isGreaterThan(2000); // the first failures were retried
        assertThat(client.policies().retryBudget().isThrottled()).isTrue();
      }
    }
  }
}

package dev.switchboard.http.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.testing.FakeTicker;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetWithAlways503Test {
  @Test
  void aThousandCallsMakeAtMostTwentyPercentPlusTheReserveInRetries() {
    FakeTicker ticker = new FakeTicker(); // the whole run falls inside one budget window
    RecordingTelemetry telemetry = new RecordingTelemetry();
    try (ScriptedServers replicas = ScriptedServers.start(3)) {
      replicas.route("GET", "/x", Reply.status(503));
      ServiceConfig config = ServiceConfig.builder().target(replicas.staticTarget()).ticker(ticker)
          .telemetry(telemetry)
          .retryPolicy(RetryPolicy.builder().backoff(Duration.ZERO, 1.0, Duration.ZERO).build()) // no waiting
          .retryBudget(RetryBudgetPolicy.defaults()) // 20% + 10/s over 10 s
          .build();
      ServiceCallException last = null;
      try (HttpServiceClient client = new HttpServiceClient(config)) {
        for (int i = 0; i < 1000; i++) {
          last = catchThrowableOfType(ServiceCallException.class, () -> client.request("GET", "/x").exchange());
          assertThat(last.kind()).isEqualTo(ErrorKind.SERVER_ERROR); // the real error, not a budget error
        }
      }
      int attempts = replicas.totalRequestCount();
      assertThat(attempts).isLessThanOrEqualTo(1000 * 12 / 10 + 10 * 10); // naive retries: 3000
      assertThat(attempts).isGreaterThan(1000 + 10 * 10); // the budget did allow retries
      assertThat(last.retryRefusal()).hasValueSatisfying(r -> assertThat(r).contains("retry budget"));
      assertThat(telemetry.refusals).anyMatch(r -> r.contains("retry budget"));
      assertThat(telemetry.retries).hasSize(attempts - 1000);
    }
  }
}

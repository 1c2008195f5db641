package dev.switchboard.cli;

import static dev.switchboard.cli.LabRun.num;
import static dev.switchboard.cli.LabRun.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabRetryStormTest {
  @Test
  void naiveRetriesMultiplyToSixtyFourWhileBudgetAndPushbackKeepTheLeafNearOne(@TempDir Path dir) throws Exception {
    LabRun run = LabRun.of("retry-storm", 0.1, dir);

    assertThat(run.html()).contains("4^3").contains("Handling Overload");
    List<Map<String, String>> summary = run.csv("summary", "mode", "calls", "failed_calls", "frontend_requests",
        "backend_requests", "leaf_requests", "frontend_per_call", "backend_per_call", "leaf_per_call", "call_p50_ms",
        "seconds");
    Map<String, String> naive = row(summary, "mode", "naive retries");
    Map<String, String> budget = row(summary, "mode", "Switchboard budget");
    Map<String, String> pushback = row(summary, "mode", "budget + pushback");
    // the leaf is down: every call fails in every mode
    for (Map<String, String> mode : List.of(naive, budget, pushback)) {
      assertThat(num(mode, "failed_calls")).isEqualTo(num(mode, "calls")).isPositive();
    }
    // 4 attempts at each of 3 layers: exactly 4, 16, 64
    assertThat(num(naive, "frontend_per_call")).isEqualTo(4.0);
    assertThat(num(naive, "backend_per_call")).isEqualTo(16.0);
    assertThat(num(naive, "leaf_per_call")).isEqualTo(64.0);
    // a budget per layer: at most 3 attempts each, usually far fewer
    assertThat(num(budget, "leaf_per_call")).isBetween(1.0, 27.0).isLessThan(num(naive, "leaf_per_call") / 4);
    // pushback: only the backend retries the leaf; nobody above retries
    assertThat(num(pushback, "frontend_per_call")).isEqualTo(1.0);
    assertThat(num(pushback, "backend_per_call")).isEqualTo(1.0);
    assertThat(num(pushback, "leaf_per_call")).isBetween(1.0, 3.0);
  }
}

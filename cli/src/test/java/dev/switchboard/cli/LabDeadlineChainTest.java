package dev.switchboard.cli;

import static dev.switchboard.cli.LabRun.num;
import static dev.switchboard.cli.LabRun.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabDeadlineChainTest {
  @Test
  void oneBudgetShrinksAcrossHttpGrpcHttpAndAnOverrunNeverReachesUsers(@TempDir Path dir) throws Exception {
    LabRun run = LabRun.of("deadline-chain", 0.1, dir);

    assertThat(run.html()).contains("23-second deadline");
    List<Map<String, String>> summary = run.csv("summary", "scenario", "calls", "ok", "gateway_left_ms_p50",
        "orders_left_ms_p50", "users_left_ms_p50", "users_calls", "users_calls_after_caller_deadline",
        "users_calls_refused_locally", "call_p50_ms");
    Map<String, String> normal = row(summary, "scenario", "propagated");
    Map<String, String> propagated = row(summary, "scenario", "orders overruns, propagated");
    Map<String, String> hardCoded = row(summary, "scenario", "orders overruns, hard-coded timeout");
    double calls = num(normal, "calls");
    // 300 ms at the caller; the gateway works 70 ms, orders 40 ms: each hop has less, never more
    assertThat(num(normal, "ok")).isGreaterThan(calls / 2); // 190 ms to spare; only a stalled machine fails one
    assertThat(num(normal, "gateway_left_ms_p50")).isBetween(200.0, 300.0);
    assertThat(num(normal, "orders_left_ms_p50")).isLessThanOrEqualTo(num(normal, "gateway_left_ms_p50") - 70);
    assertThat(num(normal, "users_left_ms_p50")).isLessThanOrEqualTo(num(normal, "orders_left_ms_p50") - 40).isPositive();
    // orders overruns: with the deadline propagated, users is never called
    assertThat(num(propagated, "ok")).isZero();
    assertThat(num(propagated, "users_calls")).isZero();
    assertThat(num(propagated, "users_calls_refused_locally")).isPositive();
    // with a hard-coded timeout, users works for a caller that already gave up, every time
    assertThat(num(hardCoded, "users_calls")).isPositive();
    assertThat(num(hardCoded, "users_calls_after_caller_deadline")).isEqualTo(num(hardCoded, "users_calls"));
    List<Map<String, String>> hops = run.csv("hops", "scenario", "correlation_id", "hop", "remaining_ms");
    assertThat(hops.stream().filter(h -> h.get("scenario").equals("propagated")).map(h -> h.get("hop")).distinct())
        .containsExactly("gateway", "orders", "users");
  }
}

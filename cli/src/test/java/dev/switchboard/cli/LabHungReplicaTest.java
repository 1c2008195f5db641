package dev.switchboard.cli;

import static dev.switchboard.cli.LabRun.num;
import static dev.switchboard.cli.LabRun.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabHungReplicaTest {
  @Test
  void latencyAwareBalancersSendTheStuckReplicaLessThanRoundRobinsEleventh(@TempDir Path dir) throws Exception {
    LabRun run = LabRun.of("hung-replica", 0.1, dir);

    assertThat(run.html()).contains("Beyond Round Robin").contains("99.9%");
    List<Map<String, String>> summary = run.csv("summary", "balancer", "calls", "success_pct",
        "success_pct_while_stuck", "hung_share_while_stuck_pct", "p50_ms", "p99_ms", "p99_9_ms");
    assertThat(summary).extracting(r -> r.get("balancer")).containsExactly("round_robin", "least_request", "peak_ewma");
    Map<String, String> rr = row(summary, "balancer", "round_robin");
    Map<String, String> ewma = row(summary, "balancer", "peak_ewma");
    // round robin gives the stuck replica its 1/11 and loses those calls to the 1 s timeout
    assertThat(num(rr, "hung_share_while_stuck_pct")).isBetween(6.0, 12.5);
    assertThat(num(rr, "success_pct_while_stuck")).isBetween(80.0, 96.0);
    assertThat(num(ewma, "hung_share_while_stuck_pct")).isLessThan(num(rr, "hung_share_while_stuck_pct"));
    assertThat(num(ewma, "success_pct_while_stuck")).isGreaterThan(num(rr, "success_pct_while_stuck"));
    // the replicas answer in about 167 ms; calls to the stuck one time out at 1 s
    assertThat(num(rr, "p50_ms")).isBetween(150.0, 400.0);
    assertThat(num(rr, "p99_ms")).isBetween(900.0, 1_500.0);
    List<Map<String, String>> timeline = run.csv("timeline", "balancer", "t_s", "calls", "successes", "success_pct",
        "attempts", "hung_attempts", "hung_share_pct", "p99_ms");
    assertThat(timeline).hasSizeGreaterThanOrEqualTo(3 * 8);
    assertThat(timeline.stream().filter(r -> r.get("balancer").equals("round_robin")).count() * 3).isEqualTo(timeline.size());
  }
}

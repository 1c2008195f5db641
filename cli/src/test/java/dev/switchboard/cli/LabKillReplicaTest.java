package dev.switchboard.cli;

import static dev.switchboard.cli.LabRun.num;
import static dev.switchboard.cli.LabRun.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabKillReplicaTest {
  @Test
  void aSigkilledReplicaProcessKeepsGettingNaiveTrafficButLittleFromSwitchboard(@TempDir Path dir) throws Exception {
    LabRun run = LabRun.of("kill-replica", 0.1, dir);

    assertThat(run.html()).contains("SIGKILL").contains("consecutive_5xx");
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count())
        .as("every replica process this run started is gone").isZero();
    List<Map<String, String>> summary = run.csv("summary", "client", "calls_after_kill_failed",
        "requests_to_killed_after_kill", "last_request_to_killed_ms_after_kill", "ejected_ms_after_kill");
    Map<String, String> naive = row(summary, "client", "naive");
    Map<String, String> switchboard = row(summary, "client", "switchboard");
    // round robin without ejection keeps calling the dead replica
    assertThat(num(naive, "requests_to_killed_after_kill")).isGreaterThan(20);
    assertThat(num(switchboard, "requests_to_killed_after_kill"))
        .isLessThan(num(naive, "requests_to_killed_after_kill"));
    List<Map<String, String>> timeline = run.csv("timeline", "client", "t_s", "calls", "failed", "p99_ms", "attempts",
        "attempts_to_killed");
    assertThat(timeline.stream().filter(r -> r.get("client").equals("naive")).count() * 2).isEqualTo(timeline.size());
    // before the kill, each client sends about a third of its requests to the replica that will die
    Map<String, String> first = timeline.get(1);
    assertThat(num(first, "attempts_to_killed") / num(first, "attempts")).isBetween(0.15, 0.5);
  }
}

package dev.switchboard.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoRunTest {
  private static final List<String> PHASES = List.of("steady", "503s", "slow", "kill", "outage");
  private static String output;

  /** One short run of the whole demo (1 s phases) shared by the tests below. */
  @BeforeAll
  static void runTheDemoOnce() throws Exception {
    StringWriter out = new StringWriter();
    DemoRun.run(new DemoRun.Options(7, Duration.ofMillis(500), Duration.ofSeconds(1), 4, Duration.ofSeconds(1), false),
        new PrintWriter(out, true));
    output = out.toString();
  }

  @Test
  void printsOneTableForEachClientWithARowPerPhase() {
    assertThat(output).contains("Naive client (java.net.http, round robin").contains("Switchboard (defaults;");
    for (String client : List.of("naive", "switchboard")) {
      assertThat(table(client).keySet()).containsExactlyElementsOf(PHASES);
    }
  }

  @Test
  void bothClientsSucceedWhenNothingIsWrong() {
    assertThat(table("naive").get("steady").success()).isGreaterThanOrEqualTo(99.0);
    assertThat(table("switchboard").get("steady").success()).isGreaterThanOrEqualTo(99.0);
    assertThat(table("naive").get("steady").calls()).isPositive();
  }

  @Test
  void inTheOutageTheNaiveClientSendsFourRequestsPerCallAndSwitchboardFewer() {
    Row naive = table("naive").get("outage");
    Row switchboard = table("switchboard").get("outage");

    assertThat(naive.success()).isZero();
    assertThat(naive.requestsPerCall()).isGreaterThan(3.5); // 1 + 3 retries, every one failing
    assertThat(switchboard.requestsPerCall()).isLessThan(naive.requestsPerCall());
    assertThat(output).containsPattern("Outage: the naive client sent [0-9.]+ requests per call");
  }

  @Test
  void theReplicaProcessIsReallyKilledAndTheNaiveClientNeverStopsCallingIt() {
    Matcher pid = Pattern.compile("separate process, pid (\\d+)").matcher(output);
    assertThat(pid.find()).isTrue();
    assertThat(ProcessHandle.of(Long.parseLong(pid.group(1))).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    String naiveTable = output.substring(output.indexOf("Naive client"), output.indexOf("Switchboard (defaults;"));
    assertThat(naiveTable).contains("time to recover after the kill: not recovered");
  }

  @Test
  void saysWhatSwitchboardDidFromItsTelemetry() {
    assertThat(output).contains("What Switchboard did").containsPattern("retries: \\d+")
        .containsPattern("hedges: \\d+ issued, \\d+ won").containsPattern("retries refused by the retry budget: \\d+");
  }

  @Test
  void withoutATerminalProgressIsOnePlainLinePerPhase() {
    assertThat(output).doesNotContain("\r");
    for (int i = 1; i <= 5; i++) {
      assertThat(output).containsPattern("\\[" + i + "/5 " + PHASES.get(i - 1) + "\\s+done\\] naive \\d+ calls");
    }
  }

  record Row(long calls, double success, double requestsPerCall) {}

  /** The rows of one client's table, by phase. */
  private static Map<String, Row> table(String client) {
    int start = output.indexOf(client.equals("naive") ? "Naive client" : "Switchboard (defaults;");
    String[] lines = output.substring(start).split("\\R");
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : Arrays.asList(lines).subList(2, 2 + PHASES.size())) {
      String[] f = line.trim().split("\\s+");
      String[] tail = Arrays.copyOfRange(f, f.length - 6, f.length); // calls success p50 p99 p99.9 req/call
      rows.put(f[0], new Row(Long.parseLong(tail[0]), Double.parseDouble(tail[1].replace("%", "")),
          Double.parseDouble(tail[5])));
    }
    return rows;
  }
}

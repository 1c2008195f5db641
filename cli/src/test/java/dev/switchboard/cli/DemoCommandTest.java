package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {
  @Test
  void demoPrintsOneRowPerReplicaWithRequestsPercentilesAndErrors() throws Exception {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs("--requests", "60", "--concurrency", "4", "--warmup", "20");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(out).contains("orders: 60 ok").contains("replica").contains("p50 ms").contains("p99 ms");
    List<String> rows = Arrays.stream(out.split("\n")).filter(l -> l.startsWith("users-")).toList();
    assertThat(rows).hasSize(3);
    long total = rows.stream().mapToLong(r -> Long.parseLong(r.trim().split("\\s+")[2])).sum();
    assertThat(total).isGreaterThanOrEqualTo(60); // every order looked its user up at least once
  }

  @Test
  void badOptionsFailWithAClearMessage() {
    int code = new CommandLine(new SwitchboardCli()).execute("demo", "--balancer", "fastest");
    assertThat(code).isNotZero();
  }
}

package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CliBadInputTest {
  static List<Arguments> badCommandLines() {
    return List.of(
        Arguments.of("a timeout that is not a duration", new String[] {"call", "--timeout=abc", "http://127.0.0.1:1", "/x"}, "abc"),
        Arguments.of("a negative timeout", new String[] {"call", "--timeout", "-5s", "http://127.0.0.1:1", "/x"}, "-5s"),
        Arguments.of("a target without a scheme", new String[] {"call", "localhost:8080", "/users/1"}, "no scheme"),
        Arguments.of("an address without a scheme", new String[] {"call", "127.0.0.1:8080", "/users/1"}, "no scheme"),
        Arguments.of("a bare host name", new String[] {"call", "localhost", "/users/1"}, "no scheme"),
        Arguments.of("an unknown scheme", new String[] {"call", "consul://x/users", "/users/1"}, "unknown scheme"),
        Arguments.of("a URL without a host", new String[] {"call", "http:///users", "/users/1"}, "no host"),
        Arguments.of("a static target with a bad port", new String[] {"call", "static:127.0.0.1:99999", "/x"}, "99999"),
        Arguments.of("a path without a leading slash", new String[] {"call", "http://127.0.0.1:1", "users/1"}, "must start with '/'"),
        Arguments.of("a path with a space", new String[] {"call", "http://127.0.0.1:1", "/users/a b"}, "path"),
        Arguments.of("an unknown option", new String[] {"call", "--frobnicate", "http://127.0.0.1:1", "/x"}, "--frobnicate"),
        Arguments.of("a missing path", new String[] {"call", "http://127.0.0.1:1"}, "<path>"),
        Arguments.of("a header without a colon", new String[] {"call", "-H", "x-tenant", "http://127.0.0.1:1", "/x"}, "x-tenant"),
        Arguments.of("a header the transport owns", new String[] {"call", "-H", "Host: evil", "http://127.0.0.1:1", "/x"}, "Host"),
        Arguments.of("a method that is not a token", new String[] {"call", "-X", "G T", "http://127.0.0.1:1", "/x"}, "G T"),
        Arguments.of("a body file that does not exist", new String[] {"call", "-d", "@/no/such/file.json", "http://127.0.0.1:1", "/x"}, "no such file"),
        Arguments.of("an unknown command", new String[] {"frobnicate"}, "frobnicate"),
        Arguments.of("an unknown experiment", new String[] {"lab", "tail-at-sea"}, "tail-at-scale, hung-replica, retry-storm, kill-replica, deadline-chain"),
        Arguments.of("a lab scale out of range", new String[] {"lab", "tail-at-scale", "--scale", "2"}, "--scale"),
        Arguments.of("a demo phase too short", new String[] {"demo", "--phase", "10ms"}, "--phase"),
        Arguments.of("a demo seed that is not a number", new String[] {"demo", "--seed", "seven"}, "seven"),
        Arguments.of("demo callers out of range", new String[] {"demo", "--callers", "0"}, "--callers"));
  }

  @ParameterizedTest(name = "{0} is one line on stderr and exit status 2")
  @MethodSource("badCommandLines")
  void badInputIsOneClearLineAndExitStatusTwo(String what, String[] args, String named) {
    Cli.Result r = Cli.run(args);

    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.errLines()).as(r.err()).hasSize(1);
    assertThat(r.err()).contains(named).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at dev.");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void theRealProcessPrintsOneLineAndExitsWithTwoForATargetWithoutAScheme() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SwitchboardCli.class.getName(), "call", "localhost:8080", "/users/1"));
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err.strip().split("\\R")).hasSize(1);
    assertThat(err).startsWith("switchboard call: \"localhost:8080\" has no scheme").doesNotContain("Exception");
    assertThat(out).isEmpty();
  }

  @Test
  void noCommandPrintsTheUsageAndSucceeds() {
    Cli.Result r = Cli.run();

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("demo").contains("lab").contains("call");
  }
}

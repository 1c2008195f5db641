package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.discovery.Discovery;
import dev.switchboard.discovery.Registration;
import dev.switchboard.testing.RecordedRequest;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import dev.switchboard.testing.ScriptedServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallCommandTest {
  @Test
  void aJsonAnswerIsPrettyPrintedAndTheExitStatusIsZero() {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.route("GET", "/users/{id}").reply(Reply.json(200, "{\"id\":\"123\",\"name\":\"Ada\"}"));

      Cli.Result r = Cli.run("call", server.baseUrl(), "/users/123");

      assertThat(r.exit()).isZero();
      assertThat(r.out()).contains("\"id\" : \"123\"").contains("\n");
      assertThat(r.err()).isEmpty();
    }
  }

  @Test
  void aBodyThatIsNotJsonIsPrintedAsItCame() {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.route("GET", "/motd").reply(Reply.ok("hello\n  world <b>{not json").header("Content-Type", "text/plain"));

      Cli.Result r = Cli.run("call", server.baseUrl(), "/motd");

      assertThat(r.exit()).isZero();
      assertThat(r.out()).isEqualTo("hello\n  world <b>{not json");
    }
  }

  @Test
  void methodHeadersAndJsonBodyAreSentAsGiven() {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.route("PUT", "/users/{id}").reply(Reply.json(200, "{\"ok\":true}"));

      Cli.Result r = Cli.run("call", "-X", "put", "-H", "x-tenant: acme", "-H", "idempotency-key:  k-1 ",
          "-d", "{\"email\":\"ada@example.com\"}", server.baseUrl(), "/users/7?dry_run=yes&note=a%20b");

      assertThat(r.exit()).as(r.err()).isZero();
      RecordedRequest request = server.requests().get(0);
      assertThat(request.method()).isEqualTo("PUT");
      assertThat(request.header("x-tenant")).isEqualTo("acme");
      assertThat(request.header("idempotency-key")).isEqualTo("k-1");
      assertThat(request.header("content-type")).isEqualTo("application/json");
      assertThat(request.bodyAsString()).isEqualTo("{\"email\":\"ada@example.com\"}");
      assertThat(request.queryParams()).containsEntry("dry_run", List.of("yes")).containsEntry("note", List.of("a b"));
    }
  }

  @Test
  void dataFromAFileIsPostedByDefaultWithItsBytesUnchanged(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("note.txt");
    Files.writeString(file, "plain text, not JSON\nsecond line", StandardCharsets.UTF_8);
    try (ScriptedServer server = ScriptedServer.start()) {
      server.route("POST", "/notes").reply(Reply.status(201).body("created"));

      Cli.Result r = Cli.run("call", "-d", "@" + file, server.baseUrl(), "/notes");

      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).isEqualTo("created");
      RecordedRequest request = server.requests().get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.bodyAsString()).isEqualTo("plain text, not JSON\nsecond line");
      assertThat(request.header("content-type")).startsWith("text/plain");
    }
  }

  @Test
  void verboseShowsEachAttemptAndThePropagationHeadersThatReachedTheServers() {
    try (ScriptedServers replicas = ScriptedServers.start(2)) {
      AtomicInteger arrivals = new AtomicInteger(); // whichever replica is picked first answers 503
      replicas.each(s -> s.route("GET", "/users/{id}").handler(request -> arrivals.getAndIncrement() == 0
          ? Reply.status(503).body("busy") : Reply.json(200, "{\"id\":\"1\"}")));

      Cli.Result r = Cli.run("call", "-v", replicas.staticTarget(), "/users/1");

      assertThat(r.exit()).as(r.err()).isZero();
      List<RecordedRequest> sent = replicas.servers().stream().flatMap(s -> s.requests().stream()).toList();
      assertThat(sent).hasSize(2);
      String[] lines = r.err().split("\\R");
      String firstOut = find(lines, "> attempt 1 -> ");
      String secondOut = find(lines, "> attempt 2 -> ");
      String firstIn = find(lines, "< attempt 1 <- ");
      String secondIn = find(lines, "< attempt 2 <- ");
      // each attempt: where it went, what came back, how long it took
      assertThat(firstIn).contains(endpointOf(firstOut)).containsPattern("in [0-9.]+ ms");
      assertThat(secondIn).contains(endpointOf(secondOut)).containsPattern("in [0-9.]+ ms");
      assertThat(List.of(firstIn, secondIn)).anySatisfy(l -> assertThat(l).contains("503 SERVER_ERROR"))
          .anySatisfy(l -> assertThat(l).contains("answered"));
      // the headers printed are the ones the servers received
      Map<String, RecordedRequest> byEndpoint = Map.of(replicas.get(0).endpointAddress(), replicas.get(0).requests().get(0),
          replicas.get(1).endpointAddress(), replicas.get(1).requests().get(0));
      assertThat(endpointOf(firstOut)).isNotEqualTo(endpointOf(secondOut));
      for (String out : List.of(firstOut, secondOut)) {
        RecordedRequest received = byEndpoint.get(endpointOf(out));
        assertThat(out).contains("x-request-id: " + received.header("x-request-id"))
            .contains("x-request-attempt: " + received.header("x-request-attempt"));
        String traceId = received.header("traceparent").split("-")[1];
        assertThat(out).contains("traceparent: 00-" + traceId + "-");
        long printed = Long.parseLong(value(out, "x-request-timeout-ms"));
        long onWire = Long.parseLong(received.header("x-request-timeout-ms"));
        assertThat(printed - onWire).isBetween(0L, 1_000L); // computed just before the transport wrote it
      }
      assertThat(sent.get(0).header("x-request-id")).isEqualTo(sent.get(1).header("x-request-id"));
      assertThat(find(lines, "* answered ")).contains("200");
    }
  }

  @Test
  void aNonSuccessAnswerIsOneLineOnStderrAndExitStatusOne() {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.route("GET", "/users/{id}").reply(Reply.json(404, "{\"error\":\"no such user\"}"));

      Cli.Result r = Cli.run("call", server.baseUrl(), "/users/9");

      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.err()).contains("404").contains("no such user").doesNotContain("Exception");
    }
  }

  @Test
  void everyAdvertisedSchemeResolvesFromTheCliClasspath() throws Exception {
    assertThat(CallTarget.forms()).contains("http:", "https:", "static:", "mem:", "dns:", "dns+srv:", "zk:", "etcd:");
    assertThat(Cli.run("call", "--help").out()).contains("dns+srv:").contains("zk:").contains("etcd:");
    InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1,
        Map.of("clientPortAddress", "127.0.0.1", "admin.enableServer", "false"), "127.0.0.1");
    try (TestingServer zk = new TestingServer(spec, true);
         ScriptedServer users = ScriptedServer.start()) {
      users.route("GET", "/users/{id}").reply(Reply.json(200, "{\"id\":\"5\"}"));
      String target = "zk://" + zk.getConnectString() + "/services/users";
      try (Registration ignored = Discovery.register(target, users.endpoint())) {
        Cli.Result r = Cli.run("call", target, "/users/5");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"id\" : \"5\"");
      }
    }
  }

  private static String find(String[] lines, String prefix) {
    for (String l : lines) {
      if (l.startsWith(prefix)) {
        return l;
      }
    }
    throw new AssertionError("no line starting with '" + prefix + "' in:\n" + String.join("\n", lines));
  }

  private static String endpointOf(String line) {
    Matcher m = Pattern.compile("(?:->|<-) (\\S+)").matcher(line);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static String value(String line, String header) {
    Matcher m = Pattern.compile(Pattern.quote(header) + ": (\\S+)").matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return m.group(1);
  }
}

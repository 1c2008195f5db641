package dev.switchboard.http.hedging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.telemetry.AttemptInfo;
import dev.switchboard.telemetry.AttemptResult;
import dev.switchboard.telemetry.AttemptResult.CancelReason;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import dev.switchboard.testing.ScriptedServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.switchboard.http.transport.HttpTransportFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On both transports (Apache HttpClient over HTTP/1.1, and java.net.http, whose inline exchange
 * is aborted by interrupting its caller) a blocking call that may be hedged runs its first attempt
 * on the caller's own thread, and hedging still rescues it: the hedge goes out
 * from the timer while that thread is blocked on a hung replica, the hedge's answer is returned,
 * and the inline exchange is aborted on the wire, its connection closed. Real loopback replicas.
 */
class InlineHedgingWithHungReplicaTest {
  /** One attempt as telemetry saw it end, with the threads it started and ended on. */
  record Ended(int number, boolean hedge, String endpoint, Thread startedOn, Thread endedOn, AttemptResult result) {}

  private final List<Ended> ended = new CopyOnWriteArrayList<>();
  private final java.util.Map<AttemptInfo, Thread> started = new java.util.concurrent.ConcurrentHashMap<>();
  private final TelemetryListener recorder = new TelemetryListener() {
    @Override
    public void onAttemptStart(AttemptInfo attempt) {
      started.put(attempt, Thread.currentThread());
    }

    @Override
    public void onAttemptEnd(AttemptInfo attempt, AttemptResult result) {
      ended.add(new Ended(attempt.number(), attempt.hedge(), attempt.endpoint().address(), started.get(attempt),
          Thread.currentThread(), result));
    }
  };

  private HttpServiceClient client(ScriptedServers replicas, String transport) {
    // round robin: half of the calls start on the hung replica, which is what these tests are about
    return new HttpServiceClient(ServiceConfig.builder().name("users").target(replicas.staticTarget())
        .balancer("round_robin").timeout(Duration.ofSeconds(5))
        .transport(transport.equals("apache") ? HttpTransportFactory.apache() : HttpTransportFactory.jdk())
        .hedgingPolicy(HedgingPolicy.fixed(Duration.ofMillis(50))).telemetry(recorder).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"apache", "jdk"})
  void aHungFirstAttemptOnTheCallersThreadIsRescuedByAHedgeAndItsConnectionIsClosed(String transport) {
    try (ScriptedServers replicas = ScriptedServers.start(2)) {
      ScriptedServer hung = replicas.get(0);
      hung.route("GET", "/users/{id}").reply(Reply.neverAnswer());
      replicas.get(1).route("GET", "/users/{id}").reply(Reply.ok("fast"));
      try (HttpServiceClient client = client(replicas, transport)) {
        for (int i = 0; i < 4; i++) {
          assertThat(client.get("/users/" + i, String.class)).isEqualTo("fast");
        }
      }

      List<Ended> rescued = ended.stream().filter(e -> e.number() == 1 && e.endpoint().equals(hung.endpointAddress()))
          .toList();
      assertThat(rescued).as("round robin sent first attempts to the hung replica").isNotEmpty();
      for (Ended first : rescued) {
        assertThat(first.hedge()).isFalse();
        assertThat(first.startedOn()).as("the first attempt ran on the caller's thread").isSameAs(Thread.currentThread());
        assertThat(first.endedOn()).isSameAs(Thread.currentThread());
        assertThat(first.result().errorKind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(first.result().cancelReason()).isEqualTo(CancelReason.LOST_RACE);
      }
      assertThat(ended.stream().filter(Ended::hedge).map(Ended::endpoint))
          .hasSize(rescued.size()).allMatch(replicas.get(1).endpointAddress()::equals);
      // The hung replica saw each inline exchange aborted, and no connection to it is left open.
      assertThat(hung.requestCount()).isEqualTo(rescued.size());
      assertThat(Thread.currentThread().isInterrupted()).as("no interrupt of an abort outlives it").isFalse();
      await().atMost(Duration.ofSeconds(10)).until(() -> hung.abortedExchanges() == hung.requestCount());
      await().atMost(Duration.ofSeconds(10)).until(() -> hung.openConnections() == 0);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"apache", "jdk"})
  void whicheverAttemptRunsInlineTheLoserIsAbortedOnTheWire(String transport) {
    try (ScriptedServers replicas = ScriptedServers.start(2)) {
      ScriptedServer slow = replicas.get(0);
      ScriptedServer hung = replicas.get(1);
      slow.route("GET", "/users/{id}").reply(Reply.ok("slow").delay(Duration.ofMillis(200)));
      hung.route("GET", "/users/{id}").reply(Reply.neverAnswer());
      int calls = 4;
      try (HttpServiceClient client = client(replicas, transport)) {
        for (int i = 0; i < calls; i++) {
          // Starting on the slow replica, the inline attempt wins and the hedge to the hung one loses;
          // starting on the hung one, the hedge to the slow one wins and the inline attempt loses.
          assertThat(client.get("/users/" + i, String.class)).isEqualTo("slow");
        }
      }

      assertThat(ended.stream().filter(e -> e.number() == 1).map(Ended::startedOn))
          .as("first attempts").hasSize(calls).allMatch(Thread.currentThread()::equals);
      assertThat(replicas.totalRequestCount()).isEqualTo(2 * calls); // one hedge per call, nothing more
      assertThat(slow.abortedExchanges()).isZero();
      await().atMost(Duration.ofSeconds(10)).until(() -> hung.abortedExchanges() == calls);
      await().atMost(Duration.ofSeconds(10)).until(() -> hung.openConnections() == 0);
    }
  }
}

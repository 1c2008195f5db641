package dev.switchboard.http.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.pipeline.Response;
import dev.switchboard.testing.HostileReplies;
import dev.switchboard.testing.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire promises every {@link HttpTransport} keeps, against hostile loopback servers. Each
 * transport's test extends this class and names its factory.
 *
 * <p>The timing promise is the issue's: a call ends within its deadline plus
 * {@link #DEADLINE_SLACK}, body included, and the server sees its connection closed by then
 * (within one poll of the scripted server). The rest is counted on the wire: requests received
 * per attempt, aborted exchanges, open connections. Resource promises (file descriptors, threads,
 * memory) are in {@link TransportResourceContract}.
 */
public abstract class TransportContract extends TransportContractSupport {
  /**
   * One retry, on purpose. The promise is about wall-clock time, and no test of wall-clock time is
   * deterministic on a 2-core machine shared with other builds: any thread (the caller, the timer,
   * the server's) can be descheduled for longer than the 50 ms tolerance. A fake clock cannot stand
   * in, because what is checked is that the transport's real I/O (a blocking socket read, the JDK
   * client's own head timeout) ends on time. So a try may fail for the machine; two in a row fail
   * for the transport: one that misses the promise by design (a body that holds the caller until
   * the drip ends, seconds) misses both, by far.
   */
  private static final int TIMING_TRIES = 2;

  private void assertEndsByTheDeadlineAndClosesItsConnection(Reply reply, Mode mode) {
    server.route("GET", "/x").reply(reply);
    List<String> tries = new ArrayList<>();
    try (HttpServiceClient client = client(b -> b.maxRetries(0))) {
      warmUp(client, mode);
      for (int i = 0; i < TIMING_TRIES; i++) {
        server.clear();
        long start = System.nanoTime();
        ServiceCallException e = failure(() -> mode.get(client, "/x", DEADLINE), "/x");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.kind()).as("%s", e).isEqualTo(ErrorKind.DEADLINE_EXCEEDED);
        assertThat(server.requestCount()).isEqualTo(1);
        boolean closed = closedWithin(DEADLINE_SLACK.plus(SERVER_NOTICES));
        tries.add(elapsed.toMillis() + " ms, connection " + (closed ? "closed" : "still open"));
        if (closed && elapsed.compareTo(DEADLINE.plus(DEADLINE_SLACK)) <= 0) {
          return;
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.abortedExchanges() == 1);
      }
    }
    throw new AssertionError("a call with a " + DEADLINE.toMillis() + " ms deadline must end within "
        + DEADLINE.plus(DEADLINE_SLACK).toMillis() + " ms with its connection closed; tries: " + tries);
  }

  /**
   * True once the server saw the exchange's connection closed: it watches the socket while it
   * drips or waits, and counts a client that went away as an aborted exchange. (Counting open
   * connections instead would also count an idle pooled connection, which is no leak.)
   */
  private boolean closedWithin(Duration limit) {
    try {
      await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(limit)
          .until(() -> server.abortedExchanges() == 1);
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aCallWhoseBodyDripsEndsWithinItsDeadlineAndItsConnectionIsClosed(Mode mode) {
    assertEndsByTheDeadlineAndClosesItsConnection(
        HostileReplies.dripBody("x".repeat(500), Duration.ofMillis(20)), mode);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aCallWhoseHeadDripsEndsWithinItsDeadlineAndItsConnectionIsClosed(Mode mode) {
    assertEndsByTheDeadlineAndClosesItsConnection(HostileReplies.dripHead(Duration.ofMillis(20)), mode);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aCallToAServerThatNeverAnswersEndsWithinItsDeadlineAndItsConnectionIsClosed(Mode mode) {
    assertEndsByTheDeadlineAndClosesItsConnection(HostileReplies.hang(), mode);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void exactlyOneRequestGoesOnTheWirePerAttemptWhenAPooledConnectionIsClosedWithoutAnAnswer(Mode mode) {
    assertRequestsPerAttempt(HostileReplies.closeWithoutAnswer(), mode);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void exactlyOneRequestGoesOnTheWirePerAttemptWhenTheServerResets(Mode mode) {
    assertRequestsPerAttempt(HostileReplies.reset(), mode);
  }

  /**
   * Three attempts of a GET that never gets an answer: three requests on the wire, or exactly six
   * for a transport that declares {@link TransportLimit#RESENDS_GET_ONCE_WHEN_THE_CONNECTION_FAILS}
   * (its library sends each attempt's GET twice). A POST the caller marked idempotent goes out
   * once per attempt on every transport: the library's own retry is for GET and HEAD only.
   */
  private void assertRequestsPerAttempt(Reply reply, Mode mode) {
    server.route("GET", "/x").reply(reply);
    server.route("POST", "/x").reply(reply);
    int perAttempt = limits().contains(TransportLimit.RESENDS_GET_ONCE_WHEN_THE_CONNECTION_FAILS) ? 2 : 1;
    try (HttpServiceClient client = client(b -> b.maxRetries(2))) {
      warmUp(client, mode);

      ServiceCallException get = failure(client, mode, "/x");
      ServiceCallException post = failure(() -> mode.get(client.request("POST", "/x").body("{}").idempotent()), "/x");

      assertThat(get.kind()).as("%s", get).isEqualTo(ErrorKind.CONNECT_FAILED);
      assertThat(post.kind()).as("%s", post).isEqualTo(ErrorKind.CONNECT_FAILED);
      assertThat(server.requestCount("GET", "/x")).as("GET requests for 3 attempts: %s", attempts)
          .isEqualTo(3 * perAttempt);
      assertThat(server.requestCount("POST", "/x")).as("POST requests for 3 attempts: %s", attempts).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aConnectionClosedBeforeAnyByteIsConnectFailed(Mode mode) {
    try (HttpServiceClient client = client(b -> b.maxRetries(0))) {
      server.closeConnectionsOnAccept(true);

      ServiceCallException e = failure(client, mode, "/x");

      assertThat(e.kind()).as("%s", e).isEqualTo(ErrorKind.CONNECT_FAILED);
      assertThat(server.requestCount()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aRedirectIsAResponseTheCallerSeesAndIsNotFollowed(Mode mode) {
    server.route("GET", "/old").reply(HostileReplies.redirect(302, server.baseUrl() + "/new"));
    server.route("GET", "/new").reply(Reply.ok("followed"));
    try (HttpServiceClient client = client(b -> b.maxRetries(2))) {
      Response r = mode.get(client, "/old");

      assertThat(r.status()).isEqualTo(302);
      assertThat(r.header("location")).isEqualTo(server.baseUrl() + "/new");
      assertThat(server.requestCount("GET", "/old")).isEqualTo(1);
      assertThat(server.requestCount("GET", "/new")).isZero();
    }
  }

  static Stream<Arguments> brokenAnswers() {
    Stream<Arguments> cases = Stream.of(
        Arguments.of("garbage status line", HostileReplies.garbageStatusLine()),
        Arguments.of("non-HTTP answer", HostileReplies.notHttp()),
        Arguments.of("invalid chunk size", HostileReplies.invalidChunkSize()),
        Arguments.of("truncated chunked body", HostileReplies.truncatedChunkedBody()),
        Arguments.of("Content-Length longer than the body", HostileReplies.contentLengthLongerThanBody(1000, 10)),
        // Over every shipped transport's limit (Apache: 64 KiB a line here; JDK: 384 KiB a head).
        Arguments.of("512 KiB of headers", HostileReplies.oversizeHeaders(512 * 1024)));
    return cases.flatMap(c -> Stream.of(Mode.values())
        .map(m -> Arguments.of(c.get()[0], c.get()[1], m)));
  }

  @ParameterizedTest(name = "{0} ({2})")
  @MethodSource("brokenAnswers")
  void aBrokenAnswerFailsWithProtocolErrorAndIsNotRetried(String what, Reply reply, Mode mode) {
    server.route("GET", "/x").reply(reply);
    try (HttpServiceClient client = client(b -> b.maxRetries(2))) {
      warmUp(client, mode);

      ServiceCallException e = failure(client, mode, "/x");

      assertThat(e.kind()).as("%s: %s", what, e).isEqualTo(ErrorKind.PROTOCOL_ERROR);
      assertThat(server.requestCount("GET", "/x")).as("not retried: %s", attempts).isEqualTo(1);
    }
  }

  static Stream<Arguments> oversizeBodies() {
    long size = 4L << 20; // 4 MiB against a 64 KiB limit
    Stream<Arguments> cases = Stream.of(
        Arguments.of("declared", HostileReplies.oversizeBodyDeclared(size)),
        Arguments.of("chunked", HostileReplies.oversizeBodyChunked(size)),
        Arguments.of("until close", HostileReplies.oversizeBodyUntilClose(size)));
    return cases.flatMap(c -> Stream.of(Mode.values())
        .map(m -> Arguments.of(c.get()[0], c.get()[1], m)));
  }

  @ParameterizedTest(name = "{0} ({2})")
  @MethodSource("oversizeBodies")
  void anOversizeBodyIsResponseTooLargeEveryTimeAndNeverRetried(String framing, Reply reply, Mode mode) {
    server.route("GET", "/big").reply(reply);
    int calls = 20;
    try (HttpServiceClient client = client(b -> b.maxRetries(2).maxResponseBytes(64 * 1024))) {
      for (int i = 0; i < calls; i++) {
        ServiceCallException e = failure(client, mode, "/big");
        assertThat(e.kind()).as("call %d, %s body: %s", i, framing, e).isEqualTo(ErrorKind.RESPONSE_TOO_LARGE);
      }
      assertThat(server.requestCount("GET", "/big")).as("one request per call: %s", attempts).isEqualTo(calls);
    }
  }
}

package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What each hostile reply puts on the wire, read back through a plain socket. */
class HostileRepliesTest {
  private static final String GET = "GET /x HTTP/1.1\r\nHost: t\r\n\r\n";

  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void closeServer() {
    server.close();
  }

  private String exchange(Reply reply) throws IOException {
    server.route("GET", "/x").reply(reply);
    try (RawConnection c = new RawConnection(server)) {
      return c.send(GET).readToEnd();
    }
  }

  @Test
  void rawWritesExactlyTheScriptedBytesThenCloses() throws Exception {
    assertThat(exchange(HostileReplies.garbageStatusLine()))
        .isEqualTo("HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n");
    assertThat(exchange(HostileReplies.notHttp())).startsWith("SSH-2.0-");
    assertThat(exchange(HostileReplies.invalidChunkSize())).contains("\r\n\r\nzz\r\n");
    assertThat(exchange(HostileReplies.truncatedChunkedBody())).endsWith("\r\n\r\n10\r\nabcd");
    assertThat(server.requestCount()).isEqualTo(4);
  }

  @Test
  void chunkedFramingSendsChunksAndTheLastChunk() throws Exception {
    String wire = exchange(Reply.ok("hello").chunked().header("Connection", "close"));

    assertThat(wire).contains("Transfer-Encoding: chunked\r\n").doesNotContain("Content-Length");
    assertThat(wire).endsWith("\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  }

  @Test
  void drippedChunkedBodySendsOneChunkPerDrip() throws Exception {
    String wire = exchange(Reply.ok("abc").chunked().drip(1, Duration.ofMillis(1))
        .header("Connection", "close"));

    assertThat(wire).endsWith("\r\n\r\n1\r\na\r\n1\r\nb\r\n1\r\nc\r\n0\r\n\r\n");
  }

  @Test
  void untilCloseFramingSendsNoLengthAndClosesAfterTheBody() throws Exception {
    String wire = exchange(Reply.ok("hello").untilClose());

    assertThat(wire).doesNotContain("Content-Length").doesNotContain("chunked")
        .contains("Connection: close\r\n").endsWith("\r\n\r\nhello");
  }

  @Test
  void oversizeBodiesAreStreamedWithOrWithoutADeclaredLength() throws Exception {
    assertThat(exchange(HostileReplies.oversizeBodyDeclared(100_000).header("Connection", "close")))
        .contains("Content-Length: 100000\r\n").hasSizeGreaterThan(100_000);
    String chunked = exchange(HostileReplies.oversizeBodyChunked(100_000).header("Connection", "close"));
    assertThat(chunked).doesNotContain("Content-Length").hasSizeGreaterThan(100_000);
    String untilClose = exchange(HostileReplies.oversizeBodyUntilClose(100_000));
    assertThat(untilClose).doesNotContain("Content-Length");
    assertThat(untilClose.substring(untilClose.indexOf("\r\n\r\n") + 4)).hasSize(100_000);
  }

  @Test
  void aLyingContentLengthSendsLessAndCloses() throws Exception {
    String wire = exchange(HostileReplies.contentLengthLongerThanBody(100, 10));

    assertThat(wire).contains("Content-Length: 100\r\n").endsWith("\r\n\r\nxxxxxxxxxx");
  }

  @Test
  void oversizeHeadersAreSentWhole() throws Exception {
    String wire = exchange(HostileReplies.oversizeHeaders(70_000).header("Connection", "close"));

    assertThat(wire.indexOf("\r\n\r\n")).isGreaterThan(70_000);
  }

  @Test
  void redirectIsAPlainResponseWithALocation() throws Exception {
    String wire = exchange(HostileReplies.redirect(302, "/elsewhere").header("Connection", "close"));

    assertThat(wire).startsWith("HTTP/1.1 302 ").contains("Location: /elsewhere\r\n");
  }

  @Test
  void dripHeadSendsTheHeadOneByteAtATime() throws Exception {
    server.route("GET", "/x").reply(HostileReplies.dripHead(Duration.ofMillis(1)));
    try (RawConnection c = new RawConnection(server)) {
      c.send(GET);
      assertThat(c.readBytes(4)).isEqualTo("HTTP");
      assertThat(c.readToEnd()).endsWith("\r\n\r\nok");
    }
  }

  @Test
  void closeOnAcceptClosesWithoutReadingOrWritingAndCountsTheConnection() throws Exception {
    server.closeConnectionsOnAccept(true);
    try (RawConnection c = new RawConnection(server)) {
      c.send(GET);
      assertThat(readOrReset(c)).isEqualTo(-1);
    }
    assertThat(server.acceptedConnections()).isEqualTo(1);
    assertThat(server.requestCount()).isZero();

    server.closeConnectionsOnAccept(false);
    server.route("GET", "/x").reply(Reply.ok("back"));
    try (RawConnection c = new RawConnection(server)) {
      assertThat(c.send(GET).readHead()).startsWith("HTTP/1.1 200");
    }
    assertThat(server.acceptedConnections()).isEqualTo(2);
  }

  @Test
  void openConnectionsDropsOnceTheClientClosesADrippingExchange() throws Exception {
    server.route("GET", "/x").reply(HostileReplies.dripBody("x".repeat(1000), Duration.ofMillis(50)));
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
    socket.getOutputStream().write(GET.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    await().atMost(Duration.ofSeconds(5)).until(() -> server.requestCount() == 1);
    assertThat(server.openConnections()).isEqualTo(1);

    socket.close();

    await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 0);
    assertThat(server.abortedExchanges()).isEqualTo(1);
  }

  @Test
  void clearResetsTheAcceptedCount() throws Exception {
    exchange(Reply.ok("x").header("Connection", "close"));
    assertThat(server.acceptedConnections()).isEqualTo(1);

    server.clear();

    assertThat(server.acceptedConnections()).isZero();
  }

  @Test
  void framingAppliesOnlyToAnswers() {
    assertThatThrownBy(() -> Reply.closeWithoutAnswer().chunked())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("CLOSE_WITHOUT_ANSWER");
    assertThatThrownBy(() -> HostileReplies.contentLengthLongerThanBody(5, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** -1 at end of stream; a reset (the unread request makes some stacks send RST) counts too. */
  private static int readOrReset(RawConnection c) {
    try {
      return c.read();
    } catch (IOException reset) {
      return -1;
    }
  }
}

package dev.switchboard.testing;

import java.time.Duration;

/**
 * The replies of a hostile or broken HTTP server, by name: what a transport must survive without
 * hanging past its deadline, leaking a connection, retrying behind the caller's back, or
 * reporting the wrong error. Each is an ordinary {@link Reply}, so it is scripted on a
 * {@link ScriptedServer} route like any other, and the server's counters
 * ({@link ScriptedServer#requestCount()}, {@link ScriptedServer#acceptedConnections()},
 * {@link ScriptedServer#openConnections()}, {@link ScriptedServer#abortedExchanges()}) tell what
 * the client did on the wire.
 *
 * <pre>{@code
 * server.route("GET", "/x").reply(HostileReplies.garbageStatusLine());
 * assertThatThrownBy(() -> client.get("/x", String.class))
 *     .satisfies(e -> assertThat(((ServiceCallException) e).kind()).isEqualTo(PROTOCOL_ERROR));
 * assertThat(server.requestCount()).isEqualTo(1); // no hidden retry
 * }</pre>
 *
 * <p>Two more hostile behaviours are not replies: closing every connection right after accept is
 * {@link ScriptedServer#closeConnectionsOnAccept(boolean)}, and refusing connections is a closed
 * server's port. Stateless and thread-safe.
 */
public final class HostileReplies {
  private HostileReplies() {}

  /** Headers at once, then {@code body} one byte per {@code interval}: a slow-loris answer. */
  public static Reply dripBody(String body, Duration interval) {
    return Reply.ok(body).drip(1, interval);
  }

  /**
   * The status line and headers one byte per {@code interval}: the response never gets past its
   * head within any sane deadline, yet the connection is never idle for long.
   */
  public static Reply dripHead(Duration interval) {
    return Reply.raw("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
        .drip(1, interval);
  }

  /** {@code Content-Length: declared} but only {@code sent} bytes of body, then close. */
  public static Reply contentLengthLongerThanBody(int declared, int sent) {
    if (sent >= declared || sent < 0) {
      throw new IllegalArgumentException("need 0 <= sent < declared, was sent=" + sent
          + ", declared=" + declared);
    }
    return Reply.status(200).header("Content-Type", "text/plain")
        .header("Content-Length", Integer.toString(declared)).body("x".repeat(sent));
  }

  /** A status line whose code is not a number: {@code HTTP/1.1 abc OK}. */
  public static Reply garbageStatusLine() {
    return Reply.raw("HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n");
  }

  /** An answer in another protocol altogether (an SSH banner), then close. */
  public static Reply notHttp() {
    return Reply.raw("SSH-2.0-OpenSSH_9.6 hostile\r\nProtocol mismatch.\r\n");
  }

  /** A chunked body whose chunk size is not hexadecimal. */
  public static Reply invalidChunkSize() {
    return Reply.raw("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked"
        + "\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
  }

  /** A chunked body that announces 16 bytes, sends 4, and closes. */
  public static Reply truncatedChunkedBody() {
    return Reply.raw("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked"
        + "\r\n\r\n10\r\nabcd");
  }

  /** A response head over {@code bytes} long (one huge header), with a small body. */
  public static Reply oversizeHeaders(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("bytes must be positive, was " + bytes);
    }
    return Reply.ok("ok").header("X-Hostile-Padding", "a".repeat(bytes));
  }

  /** A redirect: the caller must see this response, not a second request to {@code location}. */
  public static Reply redirect(int status, String location) {
    if (status < 300 || status > 399) {
      throw new IllegalArgumentException("a redirect status is 3xx, was " + status);
    }
    return Reply.status(status).header("Location", location);
  }

  /** A body of {@code bytes} with an honest Content-Length, streamed without buffering. */
  public static Reply oversizeBodyDeclared(long bytes) {
    return Reply.hugeBody(bytes);
  }

  /** A body of {@code bytes} in chunks, so its size is known only by reading it. */
  public static Reply oversizeBodyChunked(long bytes) {
    return Reply.hugeBody(bytes).chunked();
  }

  /** A body of {@code bytes} ended only by closing the connection (no length, no chunks). */
  public static Reply oversizeBodyUntilClose(long bytes) {
    return Reply.hugeBody(bytes).untilClose();
  }

  /** Reads the request, then closes without a byte. */
  public static Reply closeWithoutAnswer() {
    return Reply.closeWithoutAnswer();
  }

  /** Reads the request, then resets the connection (SO_LINGER 0). */
  public static Reply reset() {
    return Reply.resetConnection();
  }

  /** Reads the request and never answers, holding the connection open. */
  public static Reply hang() {
    return Reply.neverAnswer();
  }
}

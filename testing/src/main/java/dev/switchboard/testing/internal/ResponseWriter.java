package dev.switchboard.testing.internal;

import dev.switchboard.testing.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** Writes response heads and bodies, including generated ones. Stateless and thread-safe. */
final class ResponseWriter {
  /** 251 × 261 bytes: a multiple of 251, so byte {@code i} of any generated body is {@code i % 251}. */
  private static final int PATTERN_SIZE = 251 * 261;
  private static final byte[] PATTERN = new byte[PATTERN_SIZE];
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  static {
    for (int i = 0; i < PATTERN_SIZE; i++) {
      PATTERN[i] = (byte) (i % 251);
    }
  }

  private static final Map<Integer, String> REASONS = Map.ofEntries(
      Map.entry(100, "Continue"), Map.entry(200, "OK"), Map.entry(201, "Created"),
      Map.entry(202, "Accepted"), Map.entry(204, "No Content"),
      Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"),
      Map.entry(304, "Not Modified"), Map.entry(400, "Bad Request"),
      Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
      Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"),
      Map.entry(413, "Content Too Large"), Map.entry(429, "Too Many Requests"),
      Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
      Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
      Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

  /**
   * What the head promised: whether a body follows, whether it is chunked, and whether the
   * connection closes after.
   */
  record Head(boolean sendBody, boolean chunked, boolean close) {}

  private ResponseWriter() {}

  /** Writes (without flushing) the status line and headers of {@code reply} to {@code request}. */
  static Head writeHead(OutputStream out, Reply reply, ParsedRequest request) throws IOException {
    int status = reply.statusCode();
    boolean noBody = status < 200 || status == 204 || status == 304;
    boolean sendBody = !noBody && !request.isHead();
    long length = noBody ? 0 : reply.bodyLength();
    StringBuilder head = statusLine(status);
    String explicitLength = null;
    boolean replyCloses = false;
    Reply.Framing framing = noBody ? Reply.Framing.CONTENT_LENGTH : reply.framing();
    for (Map.Entry<String, String> h : reply.headers()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.equals("content-length")) {
        explicitLength = h.getValue().trim();
      } else if (name.equals("connection")) {
        replyCloses |= h.getValue().toLowerCase(Locale.ROOT).contains("close");
      }
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    if (framing == Reply.Framing.CHUNKED) {
      head.append("Transfer-Encoding: chunked\r\n");
    } else if (explicitLength == null && !noBody && framing == Reply.Framing.CONTENT_LENGTH) {
      head.append("Content-Length: ").append(length).append("\r\n");
    }
    // A scripted Content-Length that disagrees with the body leaves the stream unusable.
    boolean lengthLies = sendBody && framing == Reply.Framing.CONTENT_LENGTH
        && explicitLength != null && !explicitLength.equals(Long.toString(length));
    boolean close = request.wantsClose() || replyCloses || lengthLies
        || framing == Reply.Framing.UNTIL_CLOSE;
    if (close && !replyCloses) {
      head.append("Connection: close\r\n");
    } else if (!close && request.isHttp10()) {
      head.append("Connection: keep-alive\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    return new Head(sendBody, sendBody && framing == Reply.Framing.CHUNKED, close);
  }

  /** Writes body bytes {@code [offset, offset + length)}; {@code bytes} is null when generated. */
  static void writeBody(OutputStream out, byte[] bytes, long offset, long length)
      throws IOException {
    if (bytes != null) {
      out.write(bytes, (int) offset, (int) length);
      return;
    }
    long done = 0;
    while (done < length) {
      int start = (int) ((offset + done) % PATTERN_SIZE);
      int n = (int) Math.min(length - done, PATTERN_SIZE - start);
      out.write(PATTERN, start, n);
      done += n;
    }
  }

  /**
   * Writes body bytes {@code [offset, offset + length)} as one chunk of a chunked body (nothing
   * for an empty range, since a zero-size chunk would end the body).
   */
  static void writeChunk(OutputStream out, byte[] bytes, long offset, long length)
      throws IOException {
    if (length == 0) {
      return;
    }
    out.write((Long.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    writeBody(out, bytes, offset, length);
    out.write(CRLF);
  }

  /** The last chunk and the empty trailer section of a chunked body. */
  static void endChunks(OutputStream out) throws IOException {
    out.write(LAST_CHUNK);
  }

  /** A complete plain-text answer that closes the connection, for requests we cannot parse. */
  static void writeError(OutputStream out, int status, String message) throws IOException {
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    StringBuilder head = statusLine(status)
        .append("Content-Type: text/plain; charset=utf-8\r\n")
        .append("Content-Length: ").append(body.length).append("\r\n")
        .append("Connection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    out.write(body);
    out.flush();
  }

  private static StringBuilder statusLine(int status) {
    return new StringBuilder(256).append("HTTP/1.1 ").append(status).append(' ')
        .append(REASONS.getOrDefault(status, "Status " + status)).append("\r\n");
  }
}

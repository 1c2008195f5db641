package dev.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately dumb HTTP/1.1 client for loopback tests that must send what a well-behaved client
 * refuses to: raw CR/LF, control characters and non-ASCII bytes in header values. It writes the
 * request bytes as given (UTF-8) with {@code Connection: close}, and reads only the status line and
 * response headers. Thread-safe (static utility); every call opens and closes its own socket.
 */
public final class RawHttp {
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private RawHttp() {}

  /** A response head: status ({@code -1} when the server closed without answering) and headers. */
  public record Head(int status, Map<String, String> headers) {
    /** The first value of {@code name} (case-insensitive), or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends {@code GET path} with {@code headerLines} (each {@code "name: value"}, written verbatim)
   * to {@code address}, and reads the response head.
   */
  public static Head get(InetSocketAddress address, String path, Duration timeout, String... headerLines)
      throws IOException {
    StringBuilder req = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(address.getHostString()).append(':').append(address.getPort()).append("\r\n")
        .append("Connection: close\r\n");
    for (String line : headerLines) {
      req.append(line).append("\r\n");
    }
    req.append("\r\n");
    try (Socket socket = new Socket()) {
      socket.connect(address, (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return readHead(socket.getInputStream());
    }
  }

  private static Head readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while (matched < 4 && head.size() < MAX_HEAD_BYTES && (b = in.read()) != -1) {
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    if (text.isEmpty()) {
      return new Head(-1, Map.of());
    }
    String[] lines = text.split("\r\n");
    String[] status = lines[0].split(" ", 3);
    int code = status.length > 1 && status[1].matches("\\d{3}") ? Integer.parseInt(status[1]) : -1;
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    return new Head(code, Map.copyOf(headers));
  }
}

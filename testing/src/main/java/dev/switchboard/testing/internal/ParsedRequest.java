package dev.switchboard.testing.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request head and body as read from the wire. Header names are lower-case; the maps and lists
 * are unmodifiable. The body array is owned by this object and must not be modified.
 */
public record ParsedRequest(String method, String path, String rawQuery, String httpVersion,
    Map<String, List<String>> headers, byte[] body) {

  /** The first value of the lower-case header {@code name}, or null. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null ? null : values.get(0);
  }

  /** True when the client asked to close after this exchange (explicitly or by being HTTP/1.0). */
  public boolean wantsClose() {
    boolean close = false;
    boolean keepAlive = false;
    for (String value : headers.getOrDefault("connection", List.of())) {
      for (String token : value.split(",")) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        close |= t.equals("close");
        keepAlive |= t.equals("keep-alive");
      }
    }
    return close || (isHttp10() && !keepAlive);
  }

  public boolean isHttp10() {
    return "HTTP/1.0".equals(httpVersion);
  }

  public boolean isHead() {
    return "HEAD".equals(method);
  }
}

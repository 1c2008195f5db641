package dev.switchboard.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Expands {@code /users/{id}} with percent-encoded values, so a value like {@code ../admin} or
 * {@code a b} can never change the path: every character outside RFC 3986's unreserved set
 * (including {@code /}, {@code .} sequences stay inside one segment) is encoded. Thread-safe.
 *
 * <pre>{@code
 * PathTemplate.expand("/users/{id}/orders", "../admin")   // "/users/..%2Fadmin/orders"
 * }</pre>
 *
 * <p><b>The template reaches metrics and spans.</b> A path expanded here and passed straight to
 * a client ({@code client.get(PathTemplate.expand("/users/{id}", id), User.class)}) is recorded
 * under its template ({@code /users/{id}}), never its ids: this thread remembers the last string
 * {@code expand} returned and the client recognises that very instance (by identity, so an equal
 * string built elsewhere never borrows a template). A path built any other way is recorded under
 * a fixed placeholder unless given one with {@link HttpCall#pathTemplate(String)}.
 */
public final class PathTemplate {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  /** {last string expand returned, its template} on this thread. */
  private static final ThreadLocal<String[]> LAST = ThreadLocal.withInitial(() -> new String[2]);

  private PathTemplate() {}

  /**
   * Replaces each {@code {name}} in order with the next value, percent-encoded as one path
   * segment.
   *
   * @throws IllegalArgumentException if the counts of placeholders and values differ
   */
  public static String expand(String template, Object... values) {
    Objects.requireNonNull(template, "template");
    StringBuilder out = new StringBuilder(template.length() + 16);
    int next = 0;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '{') {
        int close = template.indexOf('}', i);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed '{' in path template \"" + template + "\"");
        }
        if (next >= values.length) {
          throw new IllegalArgumentException("path template \"" + template + "\" has more placeholders than the "
              + values.length + " values given");
        }
        Object v = values[next++];
        Objects.requireNonNull(v, "path variable " + template.substring(i, close + 1));
        out.append(encodeSegment(v.toString()));
        i = close;
      } else {
        out.append(c);
      }
    }
    if (next != values.length) {
      throw new IllegalArgumentException("path template \"" + template + "\" has " + next
          + " placeholders but " + values.length + " values were given");
    }
    String expanded = out.toString();
    String[] last = LAST.get();
    last[0] = expanded;
    last[1] = template;
    return expanded;
  }

  /** The template {@code path} was expanded from on this thread, if it is that very string; else null. */
  static String templateOf(String path) {
    String[] last = LAST.get();
    return last[0] == path ? last[1] : null; // identity on purpose: see the class comment
  }

  /** Percent-encodes {@code value} as a single path segment (UTF-8). {@code .} and {@code ..} are encoded too. */
  public static String encodeSegment(String value) {
    if (value.equals(".") || value.equals("..")) {
      return value.equals(".") ? "%2E" : "%2E%2E";
    }
    return encode(value);
  }

  /** Percent-encodes everything outside the unreserved set (for query names and values too). */
  public static String encode(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return sb.toString();
  }
}

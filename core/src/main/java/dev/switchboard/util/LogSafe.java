package dev.switchboard.util;

/**
 * Makes a value that came from a request (method, path, header value) safe to put in a log line or
 * an error message: control characters are escaped, so a hostile value cannot forge a log line
 * (CR, LF), colour or move a terminal (ESC sequences), reorder text (Unicode bidi controls) or
 * split a line (U+2028, U+2029); and the value is capped, so one request cannot write megabytes
 * into a log. Printable text passes through unchanged and without copying.
 *
 * <pre>{@code
 * log.warn("handler failed for {} {}", LogSafe.value(method), LogSafe.value(path));
 * LogSafe.value("GET\r\nX-Forged: 1")   // "GET\\r\\nX-Forged: 1"
 * }</pre>
 *
 * <p>Escapes: {@code \r}, {@code \n}, {@code \t}, a backslash as {@code \\} only when it could be
 * mistaken for an escape we wrote (always), other C0/C1 controls, DEL, bidi controls and line
 * separators as {@code \}{@code uXXXX}. Stateless and thread-safe.
 */
public final class LogSafe {
  /** Values longer than this are cut, and the cut is marked. */
  public static final int MAX_LENGTH = 256;

  private LogSafe() {}

  /** {@code value} made safe for a log line; {@code "null"} for null. */
  public static String value(String value) {
    if (value == null) {
      return "null";
    }
    int n = Math.min(value.length(), MAX_LENGTH);
    int i = 0;
    while (i < n && !needsEscape(value.charAt(i))) {
      i++;
    }
    if (i == n) {
      return value.length() <= MAX_LENGTH ? value
          : value.substring(0, MAX_LENGTH) + "...(" + value.length() + " chars)";
    }
    StringBuilder sb = new StringBuilder(n + 16).append(value, 0, i);
    for (; i < n; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\r' -> sb.append("\\r");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (needsEscape(c)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    if (value.length() > MAX_LENGTH) {
      sb.append("...(").append(value.length()).append(" chars)");
    }
    return sb.toString();
  }

  private static boolean needsEscape(char c) {
    return c < 0x20 || c == 0x7f || c == '\\' || (c >= 0x80 && c < 0xa0)
        || (c >= 0x200e && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }
}

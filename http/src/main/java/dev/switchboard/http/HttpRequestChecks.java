package dev.switchboard.http;

/**
 * What {@link HttpCall} checks before a request is built, without parsing a URI: the check runs on
 * every call, so it is one pass over the characters. Stateless.
 */
final class HttpRequestChecks {
  private HttpRequestChecks() {}

  /** {@code method} in uppercase (the common ones returned as the constants they are). */
  static String method(String method) {
    switch (method) {
      case "GET": case "POST": case "PUT": case "DELETE": case "PATCH": case "HEAD": case "OPTIONS":
        return method;
      default:
        break;
    }
    if (method.isEmpty()) {
      throw new IllegalArgumentException("invalid method: \"\"");
    }
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
        throw new IllegalArgumentException("invalid method: \"" + method + "\"");
      }
    }
    return method.toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * Checks an encoded path: starts with {@code /}, no query or fragment, and only characters a
   * URI path may hold as they are (RFC 3986 {@code pchar}, plus what {@code java.net.URI} accepts
   * beyond ASCII): no spaces, control characters, {@code "<>\^`{|}[]}, and every {@code %} starts
   * a two-digit escape.
   *
   * @throws IllegalArgumentException quoting the path
   */
  static void path(String path) {
    if (isPlainPath(path)) {
      return; // the usual case: one table load per character
    }
    if (path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
      throw new IllegalArgumentException("path must not contain '?' or '#'; use query(...): \"" + path + "\"");
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': \"" + path + "\"");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      boolean ok;
      if (c == '%') {
        ok = i + 2 < path.length() && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2));
      } else if (c < 0x80) {
        ok = c > ' ' && c < 0x7f && "\"<>\\^`{|}[]".indexOf(c) < 0;
      } else {
        ok = !Character.isISOControl(c) && !Character.isSpaceChar(c); // java.net.URI's "other" characters
      }
      if (!ok) {
        throw new IllegalArgumentException("path is not a valid URI path at index " + i
            + " (use PathTemplate.expand for variables): \"" + path + "\"");
      }
    }
  }

  /**
   * True when {@code path} starts with {@code /} and holds only ASCII characters a path may hold
   * as they are, with every {@code %} starting a two-digit escape. False for anything else, which
   * {@link #path} then looks at closely (non-ASCII characters included) to accept it or to say
   * what is wrong.
   */
  private static boolean isPlainPath(String path) {
    int n = path.length();
    if (n == 0 || path.charAt(0) != '/') {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = path.charAt(i);
      if (c >= PLAIN.length || !PLAIN[c]) {
        return false;
      }
      if (c == '%' && !(i + 2 < n && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2)))) {
        return false;
      }
    }
    return true;
  }

  /** ASCII characters a path holds as they are: visible, and none of {@code "<>\^`{|}[]?#}. */
  private static final boolean[] PLAIN = plain();

  private static boolean[] plain() {
    boolean[] ok = new boolean[128];
    for (char c = '!'; c < 0x7f; c++) {
      ok[c] = "\"<>\\^`{|}[]?#".indexOf(c) < 0;
    }
    return ok;
  }

  private static boolean isHex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }
}

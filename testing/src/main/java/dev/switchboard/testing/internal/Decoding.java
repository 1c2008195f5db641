package dev.switchboard.testing.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percent-decoding of path segments and query strings. Stateless. */
public final class Decoding {
  private Decoding() {}

  /**
   * Decodes {@code %XX} escapes as UTF-8; {@code plusIsSpace} for query strings. A malformed
   * escape leaves the input as it was, since a test server should record rather than reject.
   */
  public static String percentDecode(String s, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
      return s;
    }
    try {
      return URLDecoder.decode(plusIsSpace ? s : s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /** {@code a=1&b=2&a=3} as an unmodifiable map of decoded names to decoded values in order. */
  public static Map<String, List<String>> queryParams(String rawQuery) {
    if (rawQuery.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq), true);
      String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1), true);
      params.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }
    params.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(params);
  }
}

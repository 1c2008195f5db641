package dev.switchboard.client;

import java.net.URI;
import java.net.URISyntaxException;

/** Base URLs of {@link ServiceConfig}: parsed once, checked, quoted without credentials. Stateless. */
final class BaseUrls {
  private BaseUrls() {}

  /**
   * Parses and checks a base URL: http or https, a host, no query, fragment or user info.
   *
   * @throws IllegalArgumentException quoting the URL without any user info in it
   */
  static URI parse(String url) {
    String shown = withoutUserInfo(url); // a password in the URL must not reach an error message
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      // The parser's own message quotes the whole input: keep it out when that holds user info.
      throw new IllegalArgumentException("invalid base URL \"" + shown + "\": " + e.getReason()
          + " at index " + e.getIndex(), shown.equals(url) ? e : null);
    }
    String s = uri.getScheme();
    if (s == null || !(s.equalsIgnoreCase("http") || s.equalsIgnoreCase("https"))) {
      throw new IllegalArgumentException("invalid base URL \"" + shown + "\": scheme must be http or https");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("invalid base URL \"" + shown + "\": no host");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("invalid base URL \"" + shown + "\": query, fragment and user info are not allowed");
    }
    return uri;
  }

  /** {@code url} with anything between {@code ://} and an {@code @} before the path replaced by {@code ***}. */
  static String withoutUserInfo(String url) {
    int start = url.indexOf("://");
    start = start < 0 ? 0 : start + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int at = url.lastIndexOf('@', end - 1);
    return at < start ? url : url.substring(0, start) + "***" + url.substring(at);
  }
}

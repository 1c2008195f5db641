package dev.switchboard.discovery;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed discovery target such as {@code dns+srv:///_users._tcp.svc.test} or
 * {@code static:127.0.0.1:8081,127.0.0.1:8082}. Immutable.
 *
 * @param raw the target exactly as given
 * @param uri the parsed URI
 * @param scheme the lowercase scheme
 */
public record DiscoveryTarget(String raw, URI uri, String scheme) {

  /**
   * Parses {@code target}.
   *
   * @throws IllegalArgumentException quoting the value when it is not a URI with a scheme
   */
  public static DiscoveryTarget parse(String target) {
    Objects.requireNonNull(target, "target");
    URI uri;
    try {
      uri = new URI(escapePathBrackets(target.trim()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed discovery target \"" + target + "\": " + e.getReason(), e);
    }
    if (uri.getScheme() == null) {
      throw new IllegalArgumentException(
          "discovery target \"" + target + "\" has no scheme (expected e.g. static:, dns:, dns+srv:, zk:, etcd:)");
    }
    return new DiscoveryTarget(target, uri, uri.getScheme().toLowerCase(Locale.ROOT));
  }

  /**
   * {@code dns:///[::1]:8080} is what users write for an IPv6 literal, but {@link URI} allows
   * brackets only in the authority; escape them after it ({@link #name()} decodes them again).
   */
  private static String escapePathBrackets(String target) {
    int start = target.indexOf("://");
    if (start < 0) {
      return target; // opaque (static:[::1]:80): brackets are legal there
    }
    int path = target.indexOf('/', start + 3);
    if (path < 0) {
      return target;
    }
    return target.substring(0, path) + target.substring(path).replace("[", "%5B").replace("]", "%5D");
  }

  /**
   * The part after the scheme with any {@code //authority/} prefix removed: for
   * {@code dns:///users.svc:8080} it is {@code users.svc:8080}; for {@code static:h:1} it is
   * {@code h:1}. Query strings are not included.
   */
  public String name() {
    String ssp = uri.getRawSchemeSpecificPart();
    int q = ssp.indexOf('?');
    if (q >= 0) {
      ssp = ssp.substring(0, q);
    }
    if (ssp.startsWith("//")) {
      int slash = ssp.indexOf('/', 2);
      ssp = slash < 0 ? ssp.substring(2) : ssp.substring(slash + 1);
    }
    return URLDecoder.decode(ssp, StandardCharsets.UTF_8);
  }

  /**
   * The query parameters ({@code ?minTtl=1s&timeout=500ms}), decoded, in order. A parameter given
   * twice keeps its last value.
   */
  public Map<String, String> params() {
    String ssp = uri.getRawSchemeSpecificPart();
    int q = ssp.indexOf('?');
    if (q < 0 || q == ssp.length() - 1) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : ssp.substring(q + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(key, value);
    }
    return Collections.unmodifiableMap(out);
  }

  /** The query parameter {@code name}, if present. */
  public Optional<String> param(String name) {
    return Optional.ofNullable(params().get(name));
  }

  /**
   * Fails, quoting the target, if it has a query parameter not in {@code known}: a typo such as
   * {@code ?minTTl=1s} must not be silently ignored.
   */
  public DiscoveryTarget requireOnlyParams(String... known) {
    Set<String> allowed = Set.of(known);
    for (String key : params().keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException("unknown parameter \"" + key + "\" in discovery target \"" + raw
            + "\"; known: " + (known.length == 0 ? "none" : new TreeSet<>(Arrays.asList(known))));
      }
    }
    return this;
  }

  /**
   * The duration parameter {@code name}, or {@code fallback}. Accepts {@code 250ms}, {@code 2s},
   * {@code 5m}, {@code 1h} and ISO-8601 ({@code PT2S}).
   *
   * @throws IllegalArgumentException quoting the target when the value is not a non-negative duration
   */
  public Duration durationParam(String name, Duration fallback) {
    Optional<String> value = param(name);
    if (value.isEmpty()) {
      return fallback;
    }
    Duration d = parseDuration(value.get().trim());
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException("parameter " + name + "=\"" + value.get() + "\" in discovery target \""
          + raw + "\" is not a duration (e.g. 500ms, 2s, 1m, PT2S)");
    }
    return d;
  }

  private static Duration parseDuration(String s) {
    try {
      if (s.startsWith("P") || s.startsWith("p")) {
        return Duration.parse(s);
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.isEmpty()) {
        return null;
      }
      long n = Long.parseLong(s.substring(0, s.length() - 1));
      return switch (s.charAt(s.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> null;
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      return null;
    }
  }

  /** The authority ({@code //authority/...}), or null. Used e.g. for a DNS server address. */
  public String authority() {
    return uri.getRawAuthority();
  }

  @Override
  public String toString() {
    return raw;
  }
}

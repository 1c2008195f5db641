package dev.switchboard.discovery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

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
      uri = new URI(target.trim());
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
    return java.net.URLDecoder.decode(ssp, java.nio.charset.StandardCharsets.UTF_8);
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

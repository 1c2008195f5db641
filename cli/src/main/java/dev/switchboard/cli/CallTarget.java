package dev.switchboard.cli;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.discovery.Discovery;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the {@code call} command's destination into a {@link ServiceConfig.Builder}: an
 * {@code http://} or {@code https://} base URL, or a discovery target whose scheme a provider on the
 * classpath knows. Anything else is a {@link UsageError} that says what was expected.
 */
final class CallTarget {
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
  private static final Pattern HOST_PORT = Pattern.compile("[^:/]+:\\d+(,.*)?|\\[[0-9A-Fa-f:.]+]:\\d+(,.*)?");

  private CallTarget() {}

  /** Every destination form the CLI accepts: http(s) and the discovery schemes on the classpath. */
  static List<String> forms() {
    List<String> forms = new ArrayList<>(List.of("http:", "https:"));
    Discovery.knownSchemes().forEach(s -> forms.add(s + ":"));
    return forms;
  }

  static ServiceConfig.Builder parse(String destination) {
    String d = destination.trim();
    if (d.isEmpty()) {
      throw new UsageError("the destination is empty; expected http://host:port or a target such as static:host:port");
    }
    if (d.startsWith("http://") || d.startsWith("https://")) {
      URI uri;
      try {
        uri = URI.create(d);
      } catch (IllegalArgumentException e) {
        throw new UsageError("\"" + d + "\" is not a valid URL: " + e.getMessage());
      }
      if (uri.getHost() == null) {
        throw new UsageError("\"" + d + "\" has no host; expected e.g. http://127.0.0.1:8080");
      }
      return configure(d, true);
    }
    int colon = d.indexOf(':');
    if (colon < 0 || HOST_PORT.matcher(d).matches() && !Discovery.knownSchemes().contains(d.substring(0, colon))) {
      throw new UsageError("\"" + d + "\" has no scheme; use http://" + d + " or static:" + d
          + " (known forms: " + String.join(" ", forms()) + ")");
    }
    String scheme = d.substring(0, colon);
    if (!SCHEME.matcher(scheme).matches() || !Discovery.knownSchemes().contains(scheme)) {
      throw new UsageError("unknown scheme \"" + scheme + ":\" in \"" + d + "\"; known forms: " + String.join(" ", forms()));
    }
    return configure(d, false);
  }

  private static ServiceConfig.Builder configure(String destination, boolean url) {
    ServiceConfig.Builder b = ServiceConfig.builder().name("cli");
    try {
      return url ? b.baseUrl(destination) : b.target(destination);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }
}

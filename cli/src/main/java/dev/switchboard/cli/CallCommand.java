package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchboard call <url-or-target> <path>}: one GET through the full pipeline, printed as JSON. */
@Command(name = "call", mixinStandardHelpOptions = true,
    description = "GET a path through Switchboard and print the JSON answer (or the typed error).")
final class CallCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "Base URL (http://host:port) or discovery target (static:h:p,... dns+srv:///...)")
  String destination;

  @Parameters(index = "1", description = "Path, e.g. /users/123")
  String path;

  @Option(names = "--timeout", description = "Call timeout (ISO-8601 or e.g. 2s, 500ms). Default: ${DEFAULT-VALUE}", defaultValue = "5s")
  String timeout;

  @Override
  public Integer call() {
    ServiceConfig.Builder b = ServiceConfig.builder().timeout(Durations.parse(timeout));
    if (destination.startsWith("http://") || destination.startsWith("https://")) {
      b.baseUrl(destination);
    } else {
      b.target(destination);
    }
    try (HttpServiceClient client = new HttpServiceClient(b.build())) {
      JsonNode json = client.getJson(path);
      System.out.println(json.toPrettyString());
      return 0;
    } catch (ServiceCallException e) {
      System.err.println(e.getMessage());
      return 2;
    }
  }

  /** Parses "2s", "500ms", "1m" or ISO-8601 ("PT2S"). */
  static final class Durations {
    private Durations() {}

    static Duration parse(String s) {
      String v = s.trim().toLowerCase(java.util.Locale.ROOT);
      try {
        if (v.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        } else if (v.endsWith("s")) {
          return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        } else if (v.endsWith("m")) {
          return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return Duration.parse(s);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("invalid duration \"" + s + "\" (use e.g. 500ms, 2s, 1m or PT2S)");
      }
    }
  }
}

package dev.switchboard.http.fallback;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.transport.HttpTransportFactory;

/**
 * Runs inside a class loader that lacks Apache HttpClient: what a user who excluded
 * {@code httpclient5} gets. Only core, http and Jackson classes are linked from here.
 */
public final class FallbackProbe {
  private FallbackProbe() {}

  /** The default transport's name, the client's transport and the body of {@code GET baseUrl/hello}. */
  public static String call(String baseUrl) {
    try (HttpServiceClient client = new HttpServiceClient(ServiceConfig.of(baseUrl))) {
      return HttpTransportFactory.defaults().name() + " " + client.transportName() + " "
          + client.request("GET", "/hello").exchange().bodyAsString();
    }
  }
}

package dev.switchboard.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The JDK client, pinned to HTTP/1.1, and a one-line GET for tests. */
final class Http {
  private Http() {}

  static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  static HttpRequest.Builder request(ScriptedServer server, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
        .timeout(Duration.ofSeconds(10));
  }

  static HttpResponse<String> get(HttpClient client, ScriptedServer server, String pathAndQuery)
      throws IOException, InterruptedException {
    return client.send(request(server, pathAndQuery).build(), HttpResponse.BodyHandlers.ofString());
  }
}

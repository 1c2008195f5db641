package dev.switchboard.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SwitchboardServerFiltersTest {
  @Test
  void standardPutsTheContextFilterBeforeThePushbackFilter() {
    assertThat(SwitchboardServerFilters.standard())
        .hasExactlyElementsOfTypes(CallContextFilter.class, OverloadPushbackFilter.class);
  }

  @Test
  void installedFiltersBindTheCallersCorrelationIdAndEchoIt() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    SwitchboardServerFilters.install(server.createContext("/who", ex -> {
      byte[] body = dev.switchboard.context.CallContext.current().correlationId().orElse("none")
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }));
    server.start();
    try (HttpServiceClient client = new HttpServiceClient(
        ServiceConfig.of("http://127.0.0.1:" + server.getAddress().getPort()))) {
      var response = client.request("GET", "/who").header("x-request-id", "demo-42").exchange();
      assertThat(response.bodyAsString()).isEqualTo("demo-42");
      assertThat(response.header("x-request-id")).isEqualTo("demo-42");
    } finally {
      server.stop(0);
    }
  }
}

package dev.switchboard.http.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.server.SwitchboardServerFilters;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's chain: client → frontend → backend → leaf, each service behind Switchboard's server
 * filters and calling the next with a default {@link HttpServiceClient}; the leaf answers 503.
 * Before: 1.30 leaf requests per top call, all of it the backend's budget. The backend's throttle
 * now stops retrying the dead leaf, and the layers above see {@code x-retry-pushback-ms: -1}.
 */
class ThreeLayerChainWithDefaultsTest {
  static {
    System.setProperty("sun.net.httpserver.nodelay", "true"); // Nagle costs ~40 ms per answer on loopback
  }

  @Test
  void aDeadLeafGetsAtMostOnePointOneRequestsPerTopCall() throws Exception {
    int calls = 2000;
    try (ScriptedServer leaf = ScriptedServer.start();
        Layer backend = new Layer("backend", leaf.baseUrl(), "/leaf");
        Layer frontend = new Layer("frontend", backend.url(), "/call");
        HttpServiceClient top = new HttpServiceClient(ServiceConfig.builder().name("frontend")
            .baseUrl(frontend.url()).timeout(Duration.ofSeconds(1)).build())) {
      leaf.route("GET", "/leaf").reply(Reply.status(503));
      Load load = Load.run(calls, 8, Duration.ofSeconds(90), i -> top.request("GET", "/call").exchange());

      assertThat(load.failed.get()).isEqualTo(calls);
      assertThat(frontend.requests.get()).isEqualTo(calls); // the top never retried a -1
      assertThat(backend.requests.get()).isLessThanOrEqualTo(calls * 101 / 100);
      assertThat(leaf.requestCount()).isLessThanOrEqualTo(calls * 110 / 100);
    }
  }

  /** A service whose handler calls the next layer with a default client, behind the server filters. */
  static final class Layer implements AutoCloseable {
    final AtomicInteger requests = new AtomicInteger();
    final HttpServer server;
    final HttpServiceClient next;
    final ExecutorService handlers = Executors.newFixedThreadPool(16);
    final String path;

    Layer(String name, String nextUrl, String path) throws IOException {
      this.path = path;
      next = new HttpServiceClient(ServiceConfig.builder().name(name + "-next").baseUrl(nextUrl)
          .timeout(Duration.ofSeconds(1)).build());
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(handlers);
      SwitchboardServerFilters.install(server.createContext("/call", this::handle));
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void handle(HttpExchange exchange) throws IOException {
      requests.incrementAndGet();
      int status;
      String body;
      try {
        body = next.request("GET", path).exchange().bodyAsString();
        status = 200;
      } catch (ServiceCallException e) {
        status = 503;
        body = "next layer failed: " + e.kind();
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      next.close();
      handlers.shutdownNow();
    }
  }
}

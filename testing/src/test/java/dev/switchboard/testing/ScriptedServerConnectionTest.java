package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScriptedServerConnectionTest {
  private final ScriptedServer server = ScriptedServer.start();
  private final HttpClient client = Http.client();

  @AfterEach
  void closeServer() {
    server.close();
  }

  @Test
  void bindsLoopbackOnAFreePort() {
    assertThat(server.port()).isPositive();
    assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
    assertThat(server.endpointAddress()).isEqualTo("127.0.0.1:" + server.port());
    assertThat(server.endpoint().port()).isEqualTo(server.port());
  }

  @Test
  void keepAliveReusesOneConnectionForSequentialRequests() throws Exception {
    server.route("GET", "/a").reply(Reply.ok("a"));

    Http.get(client, server, "/a");
    Http.get(client, server, "/a");

    List<RecordedRequest> requests = server.requests();
    assertThat(requests.get(1).connectionId()).isEqualTo(requests.get(0).connectionId());
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    server.route("GET", "/a").reply(Reply.ok("a"));

    try (RawConnection raw = new RawConnection(server)) {
      raw.send("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      String all = raw.readToEnd(); // returns only because the server closed

      assertThat(all).startsWith("HTTP/1.1 200 OK\r\n").contains("Connection: close\r\n")
          .endsWith("\r\n\r\na");
    }
  }

  @Test
  void pipelinedRequestsOnOneConnectionAreAnsweredInOrder() throws Exception {
    server.route("GET", "/{name}").handler(r -> Reply.ok(r.pathParam("name")));

    try (RawConnection raw = new RawConnection(server)) {
      raw.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n");

      assertThat(raw.readHead()).contains("Content-Length: 3");
      assertThat(raw.readBytes(3)).isEqualTo("one");
      assertThat(raw.readHead()).contains("Content-Length: 3");
      assertThat(raw.readBytes(3)).isEqualTo("two");
    }
  }

  @Test
  void chunkedRequestBodyIsReassembled() throws Exception {
    server.route("POST", "/upload").handler(r -> Reply.ok("got " + r.body().length));

    try (RawConnection raw = new RawConnection(server)) {
      raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nx-trailer: t\r\n\r\n");

      assertThat(raw.readHead()).startsWith("HTTP/1.1 200");
      assertThat(raw.readBytes(6)).isEqualTo("got 11");
    }
    assertThat(server.requests().get(0).bodyAsString()).isEqualTo("hello world");
  }

  @Test
  void expectContinueIsAnsweredBeforeTheBody() throws Exception {
    server.route("PUT", "/doc").handler(r -> Reply.ok(r.bodyAsString()));

    HttpResponse<String> response = client.send(Http.request(server, "/doc").expectContinue(true)
        .PUT(HttpRequest.BodyPublishers.ofString("content")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("content");
  }

  @Test
  void headGetsTheHeadersButNoBody() throws Exception {
    server.route("*", "/doc").reply(Reply.ok("12345"));

    HttpResponse<String> head = client.send(
        Http.request(server, "/doc").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> get = Http.get(client, server, "/doc");

    assertThat(head.headers().firstValue("content-length")).hasValue("5");
    assertThat(head.body()).isEmpty();
    assertThat(get.body()).isEqualTo("12345"); // the connection was not desynchronised
  }

  @Test
  void malformedRequestGets400AndTheConnectionCloses() throws Exception {
    try (RawConnection raw = new RawConnection(server)) {
      raw.send("NONSENSE\r\n\r\n");

      assertThat(raw.readToEnd()).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }
  }

  @Test
  void oversizedBodyGets413() throws Exception {
    try (ScriptedServer small = ScriptedServer.builder().maxRequestBodyBytes(10).start();
        RawConnection raw = new RawConnection(small)) {
      raw.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n");

      assertThat(raw.readToEnd()).startsWith("HTTP/1.1 413 ");
    }
  }

  @Test
  void twentyThreadsAreAllAnswered() throws Exception {
    server.route("GET", "/work/{n}").handler(r -> Reply.ok(r.pathParam("n")));
    ExecutorService threads = Executors.newFixedThreadPool(20);
    try {
      CountDownLatch startTogether = new CountDownLatch(1);
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < 20; t++) {
        int thread = t;
        results.add(threads.submit(() -> {
          startTogether.await();
          List<String> bodies = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            bodies.add(Http.get(client, server, "/work/" + (thread * 10 + i)).body());
          }
          return bodies;
        }));
      }
      startTogether.countDown();

      List<String> all = new ArrayList<>();
      for (Future<List<String>> result : results) {
        all.addAll(result.get(30, TimeUnit.SECONDS));
      }
      assertThat(all).hasSize(200).doesNotHaveDuplicates();
      assertThat(server.requestCount("GET", "/work/{n}")).isEqualTo(200);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void connectionsBeyondTheLimitAreRefused() throws Exception {
    try (ScriptedServer tiny = ScriptedServer.builder().maxConnections(1).start();
        RawConnection first = new RawConnection(tiny)) {
      first.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
      first.readHead();

      try (RawConnection second = new RawConnection(tiny)) {
        second.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(second.read()).isEqualTo(-1);
      }
    }
  }

  @Test
  void closeReleasesThePortAndEndsHangingExchangesWithoutCountingThemAborted() throws Exception {
    ScriptedServer closing = ScriptedServer.start();
    closing.route("GET", "/hang").reply(Reply.neverAnswer());
    int port = closing.port();
    try (RawConnection hanging = new RawConnection(closing)) {
      hanging.send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n");
      await().atMost(Duration.ofSeconds(5)).until(() -> closing.requestCount() == 1);

      closing.close();

      assertThat(hanging.read()).isEqualTo(-1);
      assertThat(closing.openConnections()).isZero();
      assertThat(closing.abortedExchanges()).isZero();
    }
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void aServerCanRestartOnTheSamePort() throws IOException, InterruptedException {
    int port = server.port();
    server.route("GET", "/v").reply(Reply.ok("one"));
    Http.get(client, server, "/v");
    server.close();

    try (ScriptedServer again = ScriptedServer.builder().port(port).start()) {
      again.route("GET", "/v").reply(Reply.ok("two"));
      assertThat(Http.get(Http.client(), again, "/v").body()).isEqualTo("two");
    }
  }
}

package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScriptedServerStreamingTest {
  private final ScriptedServer server = ScriptedServer.start();
  private final HttpClient client = Http.client();

  @AfterEach
  void closeServer() {
    server.close();
  }

  @Test
  void dripDeliversTheWholeBodyOneChunkPerInterval() throws Exception {
    String body = "0123456789".repeat(100);
    server.route("GET", "/drip").reply(Reply.ok(body).drip(100, Duration.ofMillis(10)));

    long start = System.nanoTime();
    HttpResponse<String> response = Http.get(client, server, "/drip");

    assertThat(response.body()).isEqualTo(body);
    // ten chunks, nine pauses between them
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(90).toNanos());
  }

  @Test
  void dripSendsTheHeadersBeforeTheSlowBody() throws Exception {
    server.route("GET", "/drip").reply(Reply.ok("abcdef").drip(2, Duration.ofMillis(20)));

    try (RawConnection raw = new RawConnection(server)) {
      raw.send("GET /drip HTTP/1.1\r\nHost: x\r\n\r\n");

      assertThat(raw.readHead()).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 6\r\n");
      assertThat(raw.readBytes(6)).isEqualTo("abcdef");
    }
  }

  @Test
  void clientHangingUpMidDripIsCountedAsAnAbortedExchange() throws Exception {
    server.route("GET", "/drip").reply(Reply.ok("x".repeat(10_000)).drip(10, Duration.ofMillis(50)));

    try (RawConnection raw = new RawConnection(server)) {
      raw.send("GET /drip HTTP/1.1\r\nHost: x\r\n\r\n");
      raw.readHead();
      raw.readBytes(10);
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> server.abortedExchanges() == 1);
    assertThat(server.abortedExchanges("GET", "/drip")).isEqualTo(1);
  }

  @Test
  void hugeBodyStreamsFiftyMegabytesWithTheRightLengthAndPattern() throws Exception {
    long size = 50L * 1024 * 1024;
    server.route("GET", "/huge").reply(Reply.hugeBody(size));

    HttpResponse<InputStream> response = client.send(Http.request(server, "/huge").build(),
        HttpResponse.BodyHandlers.ofInputStream());

    assertThat(response.headers().firstValueAsLong("content-length")).hasValue(size);
    long count = 0;
    long mismatches = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = response.body()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] != (byte) ((count + i) % 251)) {
            mismatches++;
          }
        }
        count += n;
      }
    }
    assertThat(count).isEqualTo(size);
    assertThat(mismatches).isZero();
  }

  @Test
  void hugeBodyCanDripToo() throws Exception {
    server.route("GET", "/huge").reply(Reply.hugeBody(1000).drip(300, Duration.ofMillis(1)));

    HttpResponse<byte[]> response = client.send(Http.request(server, "/huge").build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.body()).hasSize(1000);
    assertThat(response.body()[999]).isEqualTo((byte) (999 % 251));
  }
}

package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpForwarderTest {
  private ServerSocket echo;
  private TcpForwarder link;

  @BeforeEach
  void startEcho() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!echo.isClosed()) {
        try {
          Socket s = echo.accept();
          Thread p = new Thread(() -> {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
              in.transferTo(out);
            } catch (IOException e) {
              // peer gone
            }
          });
          p.setDaemon(true);
          p.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    link = TcpForwarder.start("127.0.0.1", echo.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    link.close();
    echo.close();
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    s.setSoTimeout(5_000);
    s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    byte[] back = s.getInputStream().readNBytes(text.length());
    return new String(back, StandardCharsets.UTF_8);
  }

  @Test
  void relaysBytesBothWays() throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), link.port())) {
      assertThat(roundTrip(s, "hello")).isEqualTo("hello");
      assertThat(roundTrip(s, "again")).isEqualTo("again");
    }
    assertThat(link.acceptedConnections()).isEqualTo(1);
  }

  @Test
  void stoppingDropsOpenConnectionsAndRefusesNewOnesUntilResumedOnTheSamePort() throws IOException {
    int port = link.port();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      assertThat(roundTrip(s, "x")).isEqualTo("x");
      link.stop();
      assertThat(link.isForwarding()).isFalse();
      s.setSoTimeout(5_000);
      // the relayed connection is gone: end of stream or a reset, never an echo
      assertThatThrownBy(() -> {
        s.getOutputStream().write('y');
        if (s.getInputStream().read() < 0) {
          throw new IOException("closed");
        }
      }).isInstanceOf(IOException.class);
    }
    try (Socket refused = new Socket(InetAddress.getLoopbackAddress(), port)) {
      // the kernel may pick the closed port as the source port: a TCP self-connect, not a listener
      assertThat(refused.getLocalPort()).as("nothing listens on the cut port").isEqualTo(port);
    } catch (ConnectException expected) {
      // refused, as a cut link should be
    }

    link.resume();
    assertThat(link.port()).isEqualTo(port);
    await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        assertThat(roundTrip(s, "back")).isEqualTo("back");
      }
    });
  }

  @Test
  void refusesToForwardAnywhereButLoopback() {
    assertThatThrownBy(() -> TcpForwarder.start("192.0.2.1", 80)).hasMessageContaining("loopback");
  }
}

package dev.switchboard.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real single-node etcd on 127.0.0.1 with free client and peer ports and a temporary data dir.
 * {@link #stop()} and {@link #resume()} keep the ports and the data, so a test can take the
 * registry away and bring it back; {@link #etcdctl} writes records by hand. Start one per test
 * class (about a second) and close it after. Not thread-safe.
 *
 * <pre>{@code
 * EtcdProcess etcd = EtcdProcess.start();
 * String target = "etcd://" + etcd.clientAddress() + "/services/users";
 * etcd.etcdctl("put", "services/users/a", "{\"Addr\":\"127.0.0.1:8081\"}");
 * }</pre>
 */
public final class EtcdProcess implements AutoCloseable {
  private final int clientPort;
  private final int peerPort;
  private final Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
  private Process process;

  private EtcdProcess() throws IOException {
    this.clientPort = ExternalProcess.freePort();
    int peer = ExternalProcess.freePort();
    while (peer == clientPort) {
      peer = ExternalProcess.freePort();
    }
    this.peerPort = peer;
    this.dir = Files.createTempDirectory("etcd-");
  }

  /** Starts etcd and waits until it reports healthy. */
  public static EtcdProcess start() {
    try {
      EtcdProcess e = new EtcdProcess();
      e.startProcess();
      return e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:port} of the client API, for a target's authority. */
  public String clientAddress() {
    return "127.0.0.1:" + clientPort;
  }

  /** The client API's port on 127.0.0.1, e.g. for a {@link TcpForwarder} in front of it. */
  public int clientPort() {
    return clientPort;
  }

  /** {@code http://127.0.0.1:port}, for jetcd's {@code Client.builder().endpoints(...)}. */
  public String clientUrl() {
    return "http://" + clientAddress();
  }

  /** Starts the stopped process again with the same ports and data. */
  public void resume() {
    if (process == null || !process.isAlive()) {
      startProcess();
    }
  }

  /** Stops etcd (by PID); clients then see connection errors. Data stays for {@link #resume()}. */
  public void stop() {
    ExternalProcess.stop(process);
  }

  /** True while the process runs. */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Runs {@code etcdctl} (API v3) against this server, e.g. {@code etcdctl("put", key, value)},
   * and returns its output.
   *
   * @throws IllegalStateException with the output if it fails or takes over 15 s
   */
  public String etcdctl(String... args) {
    List<String> cmd = new ArrayList<>(List.of(ExternalProcess.binary("etcdctl"), "--endpoints=" + clientUrl()));
    cmd.addAll(List.of(args));
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("ETCDCTL_API", "3");
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(15, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("etcdctl " + List.of(args) + " failed: " + new String(out, StandardCharsets.UTF_8));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running etcdctl", e);
    }
  }

  @Override
  public void close() {
    stop();
    ExternalProcess.deleteRecursively(dir);
  }

  private void startProcess() {
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    List<String> cmd = List.of(ExternalProcess.binary("etcd"),
        "--name", "t", "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "t=" + peer, "--initial-cluster-state", "new",
        "--log-level", "warn");
    Path log = dir.resolve("etcd.log");
    process = ExternalProcess.launch(cmd, log);
    try {
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
          .until(() -> !process.isAlive() || healthy());
    } catch (ConditionTimeoutException e) {
      ExternalProcess.stop(process);
      throw new IllegalStateException("etcd did not become healthy on " + client + ":\n" + ExternalProcess.tail(log), e);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("etcd exited (" + process.exitValue() + "):\n" + ExternalProcess.tail(log));
    }
  }

  private boolean healthy() {
    try {
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(URI.create(clientUrl() + "/health")).timeout(Duration.ofMillis(500)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("\"health\":\"true\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

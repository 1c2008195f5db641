package dev.switchboard.testing;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real dnsmasq on 127.0.0.1 and a free port, authoritative for one zone, serving the SRV and
 * A/AAAA records it is given. {@link #restart(Records)} changes records on the same port (dnsmasq
 * cannot reload command-line records); {@link #stop()} makes queries fail. Close it after the
 * test class. Not thread-safe.
 *
 * <pre>{@code
 * DnsmasqProcess dns = DnsmasqProcess.start("svc.test", Duration.ofSeconds(1), DnsmasqProcess.records()
 *     .host("users-1.svc.test", "127.0.0.1")
 *     .srv("_users._tcp.svc.test", "users-1.svc.test", 8081, 0, 10));
 * String target = "dns+srv://" + dns.address() + "/_users._tcp.svc.test";
 * }</pre>
 */
public final class DnsmasqProcess implements AutoCloseable {
  private final String zone;
  private final Duration ttl;
  private final int port;
  private final Path dir;
  private Records records;
  private Process process;

  private DnsmasqProcess(String zone, Duration ttl, Records records) throws IOException {
    this.zone = zone;
    this.ttl = ttl;
    this.records = records;
    this.port = ExternalProcess.freePort();
    this.dir = Files.createTempDirectory("dnsmasq-");
  }

  /**
   * Starts dnsmasq answering for {@code zone} (names outside it are refused; unknown names inside
   * it get NXDOMAIN) with every record's TTL set to {@code ttl}.
   */
  public static DnsmasqProcess start(String zone, Duration ttl, Records records) {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(ttl, "ttl");
    try {
      DnsmasqProcess d = new DnsmasqProcess(zone, ttl, records);
      d.resume();
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An empty record list to fill. */
  public static Records records() {
    return new Records(List.of());
  }

  /** The UDP/TCP port. */
  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:port}, for a target's authority. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** Starts the stopped dnsmasq again with the current records on the same port; waits until it answers. */
  public void resume() {
    if (process != null && process.isAlive()) {
      return;
    }
    List<String> cmd = new ArrayList<>(List.of(ExternalProcess.binary("dnsmasq"),
        "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll",
        "--listen-address=127.0.0.1", "--bind-interfaces", "--port=" + port, "--pid-file=",
        "--log-facility=-", "--local=/" + zone + "/", "--local-ttl=" + ttl.toSeconds()));
    if ("root".equals(System.getProperty("user.name"))) {
      cmd.add("--user=nobody"); // dnsmasq refuses to keep root privileges
    }
    cmd.addAll(records.args);
    Path log = dir.resolve("dnsmasq.log");
    process = ExternalProcess.launch(cmd, log);
    try {
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
          .until(() -> !process.isAlive() || answers());
    } catch (ConditionTimeoutException e) {
      ExternalProcess.stop(process);
      throw new IllegalStateException("dnsmasq did not answer on " + address() + ":\n" + ExternalProcess.tail(log), e);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("dnsmasq exited (" + process.exitValue() + "):\n" + ExternalProcess.tail(log));
    }
  }

  /** Replaces the records: stops and starts dnsmasq on the same port. */
  public void restart(Records newRecords) {
    this.records = Objects.requireNonNull(newRecords, "records");
    stop();
    resume();
  }

  /** Stops dnsmasq (by PID); queries to its port then fail. */
  public void stop() {
    ExternalProcess.stop(process);
  }

  /** True while the process runs. */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() {
    stop();
    ExternalProcess.deleteRecursively(dir);
  }

  /** Sends one A query for a name in the zone; any answer means dnsmasq is up. */
  private boolean answers() {
    byte[] query = probeQuery("probe." + zone);
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      socket.setSoTimeout(200);
      socket.send(new DatagramPacket(query, query.length, InetAddress.getLoopbackAddress(), port));
      DatagramPacket reply = new DatagramPacket(new byte[512], 512);
      socket.receive(reply);
      return reply.getLength() >= 12 && reply.getData()[0] == query[0] && reply.getData()[1] == query[1];
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] probeQuery(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x5b, 0x0d, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0}); // id, RD, 1 question
    for (String label : name.split("\\.")) {
      byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
      out.write(bytes.length);
      out.writeBytes(bytes);
    }
    out.writeBytes(new byte[] {0, 0, 1, 0, 1}); // root, type A, class IN
    return out.toByteArray();
  }

  /** An immutable list of records; each method returns a copy with one more record. */
  public static final class Records {
    private final List<String> args;

    private Records(List<String> args) {
      this.args = List.copyOf(args);
    }

    /** An A (IPv4) or AAAA (IPv6) record for {@code name}. */
    public Records host(String name, String ip) {
      return with("--host-record=" + name + "," + ip);
    }

    /**
     * An SRV record. {@code target} must be a host name with its own {@link #host} record: dnsmasq
     * returns an IP literal target as a name.
     */
    public Records srv(String name, String target, int port, int priority, int weight) {
      return with("--srv-host=" + name + "," + target + "," + port + "," + priority + "," + weight);
    }

    private Records with(String arg) {
      List<String> copy = new ArrayList<>(args);
      copy.add(arg);
      return new Records(copy);
    }
  }
}

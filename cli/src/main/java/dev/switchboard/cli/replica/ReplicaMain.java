package dev.switchboard.cli.replica;

import dev.switchboard.testing.LatencyDistribution;
import dev.switchboard.testing.ScriptedServer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A user-service replica in its own JVM, for experiments that kill a process: it answers
 * {@code GET /users/{id}} after a uniform latency, prints {@code LISTENING <port>} once it accepts,
 * and exits when its standard input closes, so it never outlives the process that started it, even
 * when that one is killed.
 *
 * <p>Arguments: {@code <port> <minLatencyMicros> <maxLatencyMicros> <seed>} (port 0 = any free one).
 */
public final class ReplicaMain {
  /** The line printed once the replica listens, followed by the port. */
  static final String READY = "LISTENING ";

  private ReplicaMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: ReplicaMain <port> <minLatencyMicros> <maxLatencyMicros> <seed>");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Duration min = Duration.ofNanos(Long.parseLong(args[1]) * 1000);
    Duration max = Duration.ofNanos(Long.parseLong(args[2]) * 1000);
    long seed = Long.parseLong(args[3]);
    ScriptedServer server = ScriptedServer.builder().port(port).maxConnections(2048).start();
    UserReplies.serve(server, LatencyDistribution.uniform(min, max, seed));
    System.out.println(READY + server.port());
    System.out.flush();
    InputStream in = System.in;
    while (in.read() >= 0) {
      // The parent never writes; EOF means it closed the pipe or died.
    }
    server.close();
    System.exit(0);
  }
}

package dev.switchboard.cli.replica;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A user-service replica running as a separate JVM ({@link ReplicaMain}, same classpath), so an
 * experiment can {@link #kill()} it the way an operating system or an orchestrator does: SIGKILL,
 * no shutdown, the kernel closes its sockets. Every replica started here is killed by a shutdown
 * hook if it is still alive when this JVM exits, and exits by itself if this JVM dies first.
 *
 * <p>Thread-safe.
 */
public final class ReplicaProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final int port;

  private ReplicaProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** How one replica answers: after a uniform latency in {@code [min, max]}, drawn with {@code seed}. */
  public record Spec(Duration minLatency, Duration maxLatency, long seed) {}

  /** Starts one replica per spec, all at once, and waits until every one listens. */
  public static List<ReplicaProcess> startAll(List<Spec> specs) {
    List<Process> processes = new ArrayList<>();
    List<CompletableFuture<Integer>> ports = new ArrayList<>();
    try {
      for (Spec spec : specs) {
        Process p = launch(spec);
        processes.add(p);
        ports.add(readPort(p));
      }
      List<ReplicaProcess> replicas = new ArrayList<>();
      for (int i = 0; i < processes.size(); i++) {
        replicas.add(new ReplicaProcess(processes.get(i), ports.get(i).get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)));
      }
      return replicas;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      processes.forEach(ChildProcesses::kill);
      throw new IllegalStateException("interrupted while starting replica processes", e);
    } catch (ExecutionException | TimeoutException e) {
      processes.forEach(ChildProcesses::kill);
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("a replica process did not start: " + cause.getMessage(), cause);
    } catch (RuntimeException e) {
      processes.forEach(ChildProcesses::kill);
      throw e;
    }
  }

  private static Process launch(Spec spec) {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m",
        "-cp", System.getProperty("java.class.path"), ReplicaMain.class.getName(), "0",
        Long.toString(spec.minLatency().toNanos() / 1000), Long.toString(spec.maxLatency().toNanos() / 1000),
        Long.toString(spec.seed()));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      ChildProcesses.register(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a replica process (" + java + ")", e);
    }
  }

  /** Reads the child's output on a daemon thread: the port from its ready line, then drains the rest. */
  private static CompletableFuture<Integer> readPort(Process p) {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      Deque<String> lastLines = new ArrayDeque<>();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!port.isDone() && line.startsWith(ReplicaMain.READY)) {
            port.complete(Integer.parseInt(line.substring(ReplicaMain.READY.length()).trim()));
          } else if (!port.isDone()) {
            lastLines.addLast(line);
            if (lastLines.size() > 5) {
              lastLines.removeFirst();
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        port.completeExceptionally(e);
      }
      port.completeExceptionally(new IllegalStateException("replica pid " + p.pid() + " exited before listening"
          + (lastLines.isEmpty() ? "" : ": " + String.join(" | ", lastLines))));
    }, "replica-" + p.pid() + "-output");
    reader.setDaemon(true);
    reader.start();
    return port;
  }

  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:port}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** {@code http://127.0.0.1:port}. */
  public String baseUrl() {
    return "http://" + address();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL ({@code Process.destroyForcibly}), then waits until the process is gone. */
  public void kill() {
    ChildProcesses.kill(process);
  }

  /** Kills the replica if it is still running. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}

package dev.switchboard.http.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a transport holds in this process, read the way an operator would: open file descriptors
 * ({@code /proc/self/fd}), live threads, and bytes allocated by threads. Linux only (the fd count).
 */
final class ProcessResources {
  /** Threads that belong to the test fixtures or the process, not to a client under test. */
  private static final List<String> NOT_CLIENT_THREADS = List.of("scripted-server-",
      "switchboard-scheduler-", "switchboard-deadlines", "switchboard-timer", "switchboard-executor-",
      "switchboard-http-callback-", // process-wide, bounded (Callbacks.THREADS); idle threads end after 30 s "ForkJoinPool", "Attach Listener",
      "process reaper", "Common-Cleaner", "Signal Dispatcher", "Notification Thread", "Reference Handler",
      "Finalizer", "main", "awaitility", "junit", "surefire", "ping-", "Thread-");

  private ProcessResources() {}

  static long openFileDescriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sockets in {@code CLOSE_WAIT} (the peer closed, this side did not) whose remote port is
   * {@code port}, read from {@code /proc/net/tcp} and {@code tcp6}: a connection a client forgot.
   */
  static long closeWaitSocketsTo(int port) {
    String remotePort = String.format(":%04X", port);
    long n = 0;
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 3 && f[2].endsWith(remotePort) && f[3].equals("08")) { // 08: CLOSE_WAIT
            n++;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return n;
  }

  static Set<Thread> liveThreads() {
    return new HashSet<>(Thread.getAllStackTraces().keySet());
  }

  /** Live threads not in {@code baseline} that are not the fixtures' or the process's own. */
  static Set<String> newClientThreads(Set<Thread> baseline) {
    return liveThreads().stream()
        .filter(t -> t.isAlive() && !baseline.contains(t))
        .map(Thread::getName)
        .filter(name -> NOT_CLIENT_THREADS.stream().noneMatch(name::startsWith))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** Bytes allocated so far by every live thread except the scripted servers'. */
  static long allocatedBytesOutsideServers() {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread t : liveThreads()) {
      if (!t.getName().startsWith("scripted-server-")) {
        long b = mx.getThreadAllocatedBytes(t.getId());
        sum += Math.max(0, b);
      }
    }
    return sum;
  }
}

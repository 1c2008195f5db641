package dev.switchboard.cli.replica;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The child processes this JVM started and has not yet reaped. One shutdown hook kills whatever is
 * left when the JVM exits (normally, on an uncaught failure or on Ctrl-C), so a lab run never leaves
 * a replica behind. Only processes registered here are ever killed. Thread-safe.
 */
final class ChildProcesses {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static volatile boolean hookInstalled;

  private ChildProcesses() {}

  static void register(Process process) {
    installHook();
    LIVE.add(process);
  }

  /** Kills {@code process} with SIGKILL ({@code destroyForcibly}) and waits (bounded) for it to go. */
  static void kill(Process process) {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LIVE.remove(process);
  }

  static int live() {
    LIVE.removeIf(p -> !p.isAlive());
    return LIVE.size();
  }

  private static synchronized void installHook() {
    if (!hookInstalled) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
          "switchboard-kill-replicas"));
      hookInstalled = true;
    }
  }
}

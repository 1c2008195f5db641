package dev.switchboard.benchmarks.peer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time and allocated bytes of every live thread except the server's, read through
 * {@code com.sun.management.ThreadMXBean}: the client's cost, whichever threads it runs on (the
 * callers', its I/O threads, its timers). Threads that die between two snapshots take their counts
 * with them; {@link Delta#threadsLost()} says how many did, so a round that lost some is visible.
 */
final class ThreadAccounting {
  private static final com.sun.management.ThreadMXBean MX =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  static {
    MX.setThreadCpuTimeEnabled(true);
    MX.setThreadAllocatedMemoryEnabled(true);
  }

  /** Per-thread counters at one instant: id → {cpu ns, allocated bytes}, and id → thread name. */
  record Snapshot(Map<Long, long[]> threads, Map<Long, String> names, long processCpuNanos) {}

  /**
   * What the client threads used between two snapshots; {@code cpuByGroup}: CPU ns by thread
   * name with its digits dropped ({@code switchboard-executor-}, {@code peer-caller-sb-apache-}),
   * the server's included, and {@code process} for the whole JVM (GC and JIT threads included).
   */
  record Delta(long cpuNanos, long allocatedBytes, int threadsLost, Map<String, Long> cpuByGroup) {}

  private ThreadAccounting() {}

  static Snapshot snapshot() {
    long[] ids = MX.getAllThreadIds();
    ThreadInfo[] infos = MX.getThreadInfo(ids);
    long[] cpu = MX.getThreadCpuTime(ids);
    long[] alloc = MX.getThreadAllocatedBytes(ids);
    Map<Long, long[]> out = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] != null && cpu[i] >= 0 && alloc[i] >= 0) {
        out.put(ids[i], new long[] {cpu[i], alloc[i]});
        names.put(ids[i], infos[i].getThreadName().replaceAll("[0-9]+", ""));
      }
    }
    long process = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
    return new Snapshot(out, names, process);
  }

  static Delta between(Snapshot before, Snapshot after) {
    long cpu = 0;
    long alloc = 0;
    Map<String, Long> byGroup = new java.util.TreeMap<>();
    for (Map.Entry<Long, long[]> e : after.threads().entrySet()) {
      long[] start = before.threads().getOrDefault(e.getKey(), new long[2]); // new thread: from 0
      String name = after.names().get(e.getKey());
      byGroup.merge(name, e.getValue()[0] - start[0], Long::sum);
      if (name.startsWith(PeerServer.THREAD_PREFIX)) {
        continue; // the server's cost is not the client's
      }
      cpu += e.getValue()[0] - start[0];
      alloc += e.getValue()[1] - start[1];
    }
    int lost = 0;
    for (Long id : before.threads().keySet()) {
      if (!after.threads().containsKey(id)) {
        lost++;
      }
    }
    byGroup.put("process", after.processCpuNanos() - before.processCpuNanos());
    return new Delta(cpu, alloc, lost, byGroup);
  }
}

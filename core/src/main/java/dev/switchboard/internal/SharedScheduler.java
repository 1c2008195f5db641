package dev.switchboard.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one scheduler that serves backoffs, hedge timers, deadline timers, health checks and
 * discovery refreshes. Two daemon threads; tasks must be short and never block.
 */
public final class SharedScheduler {
  private static final ScheduledThreadPoolExecutor INSTANCE = create();

  private SharedScheduler() {}

  /** The process-wide scheduler. Never shut it down. */
  public static ScheduledExecutorService get() {
    return INSTANCE;
  }

  private static ScheduledThreadPoolExecutor create() {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, "switchboard-scheduler-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(2, tf);
    s.setRemoveOnCancelPolicy(true); // deadline timers are mostly cancelled; don't let them pile up
    return s;
  }
}

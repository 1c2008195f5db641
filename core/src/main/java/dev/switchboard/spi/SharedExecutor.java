package dev.switchboard.spi;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide executor, kept apart from timing: it runs the tasks of timers that fired (the
 * timing wheel hands them here so its own thread never runs caller code), it is the default
 * executor of discovery providers for work they must move off a client library's callback thread
 * ({@code DiscoveryEnvironment.scheduler()}), and transports hand it to library APIs that demand
 * a {@code ScheduledExecutorService} (grpc-java's {@code Context.withDeadline}). Two daemon
 * threads; tasks must be short and must not block. Switchboard's own timed work goes through
 * {@link dev.switchboard.time.Timer}, never through this executor's {@code schedule} methods.
 */
public final class SharedExecutor {
  private static final ScheduledThreadPoolExecutor INSTANCE = create();

  private SharedExecutor() {}

  /** The process-wide executor. Never shut it down. */
  public static ScheduledExecutorService get() {
    return INSTANCE;
  }

  private static ScheduledThreadPoolExecutor create() {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, "switchboard-executor-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(2, tf);
    s.setRemoveOnCancelPolicy(true); // legacy callers' timers are mostly cancelled; don't let them pile up
    return s;
  }
}

package dev.switchboard.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scheduler on a fake clock for core's own tests (which cannot use the testing module's
 * {@code FakeScheduler}: that module depends on core). Tasks run only when the test advances time,
 * in due order, on the test's thread; {@link #execute} runs inline. Lets balancer timers and the
 * retry and hedging engines run deterministically without sleeping.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final AtomicLong now;
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long seq;

  public ManualScheduler(AtomicLong now) {
    this.now = now;
  }

  /** Moves the clock forward by {@code d}, running every task that falls due on the way. */
  public void advance(Duration d) {
    advanceTo(now.get() + d.toNanos());
  }

  /** Runs tasks due now. */
  public void runDue() {
    advanceTo(now.get());
  }

  /** Number of tasks not yet run. */
  public synchronized int pending() {
    return queue.size();
  }

  /** Delays of the pending tasks from now, soonest first. */
  public synchronized List<Duration> pendingDelays() {
    List<Task> sorted = new java.util.ArrayList<>(queue);
    sorted.sort(null);
    List<Duration> out = new java.util.ArrayList<>();
    for (Task t : sorted) {
      out.add(Duration.ofNanos(t.due - now.get()));
    }
    return out;
  }

  private void advanceTo(long target) {
    for (int guard = 0; guard < 1_000_000; guard++) {
      Task t;
      synchronized (this) {
        t = queue.peek();
        if (t == null || t.due > target) {
          break;
        }
        queue.poll();
      }
      now.set(Math.max(now.get(), t.due));
      t.run();
    }
    now.set(Math.max(now.get(), target));
  }

  @Override
  public void execute(Runnable command) {
    command.run();
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(command, unit.toNanos(delay), 0);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("not needed by balancers");
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return add(command, unit.toNanos(initialDelay), unit.toNanos(period));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return add(command, unit.toNanos(initialDelay), unit.toNanos(delay));
  }

  private synchronized Task add(Runnable r, long delayNanos, long period) {
    Task t = new Task(r, now.get() + Math.max(0, delayNanos), period, seq++);
    queue.add(t);
    return t;
  }

  @Override
  public void shutdown() {}

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }

  private final class Task implements ScheduledFuture<Object>, Runnable {
    private final Runnable body;
    private long due;
    private final long period;
    private final long order;
    private volatile boolean cancelled;
    private volatile boolean done;

    Task(Runnable body, long due, long period, long order) {
      this.body = body;
      this.due = due;
      this.period = period;
      this.order = order;
    }

    @Override
    public void run() {
      if (cancelled) {
        return;
      }
      body.run();
      if (period > 0 && !cancelled) {
        due += period;
        synchronized (ManualScheduler.this) {
          queue.add(this);
        }
      } else {
        done = true;
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - now.get(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Task t = (Task) o;
      return due != t.due ? Long.compare(due, t.due) : Long.compare(order, t.order);
    }

    @Override
    public boolean cancel(boolean mayInterrupt) {
      cancelled = true;
      synchronized (ManualScheduler.this) {
        queue.remove(this);
      }
      return !done;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}

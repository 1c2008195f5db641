package dev.switchboard.policy.internal;

import java.time.Duration;
import java.util.ArrayList;
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
 * A scheduler for core tests (which cannot use the testing module's FakeScheduler): nothing runs
 * until {@link #advance} moves the shared {@code now} forward, running due one-shot tasks in time
 * order on the test thread. Only what the engines use is supported.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final AtomicLong now;
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long sequence;

  ManualScheduler(AtomicLong now) {
    this.now = now;
  }

  /** Moves time forward by {@code d}, running each task when its time comes. */
  void advance(Duration d) {
    long target = now.get() + d.toNanos();
    for (int i = 0; i < 10_000; i++) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due > target) {
          break;
        }
        queue.poll();
      }
      now.set(Math.max(now.get(), next.due));
      next.run();
    }
    now.set(target);
  }

  /** Delays of the pending tasks from now, soonest first. */
  synchronized List<Duration> pending() {
    List<Task> sorted = new ArrayList<>(queue);
    sorted.sort(null);
    List<Duration> out = new ArrayList<>();
    for (Task t : sorted) {
      out.add(Duration.ofNanos(t.due - now.get()));
    }
    return out;
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Task t = new Task(command, now.get() + Math.max(0, unit.toNanos(delay)), sequence++);
    queue.add(t);
    return t;
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
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
    return false;
  }

  private final class Task implements ScheduledFuture<Object>, Runnable {
    final Runnable work;
    final long due;
    final long seq;
    volatile boolean cancelled;
    volatile boolean done;

    Task(Runnable work, long due, long seq) {
      this.work = work;
      this.due = due;
      this.seq = seq;
    }

    @Override
    public void run() {
      if (!cancelled) {
        done = true;
        work.run();
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - now.get(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Task t = (Task) o;
      int c = Long.compare(due, t.due);
      return c != 0 ? c : Long.compare(seq, t.seq);
    }

    @Override
    public boolean cancel(boolean mayInterrupt) {
      if (done) {
        return false;
      }
      cancelled = true;
      synchronized (ManualScheduler.this) {
        queue.remove(this);
      }
      return true;
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
      throw new UnsupportedOperationException();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }
  }
}

package dev.switchboard.testing;

import dev.switchboard.time.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one fake clock of Switchboard's tests (and its users'): a {@link Timer} and a
 * {@link ScheduledExecutorService} that run nothing until the test moves a {@link FakeTicker}
 * through it: {@link #advance(Duration)} runs every task that falls due, in time order, on the
 * calling thread, with the ticker set to each task's due time. Inject it as the timer (and its
 * ticker as the ticker) of a {@code CallPolicies}, a {@code BalancerContext} or a
 * {@code DiscoveryEnvironment}: deadlines, backoffs, hedge delays, limit waits, health checks,
 * refreshes and TTL expiry then run on the production code path, without sleeping.
 *
 * <p>Thread-safe: tasks may be scheduled from any thread (e.g. a network callback); they run only
 * inside {@link #advance} or {@link #runDue()}. Blocking {@code get()} on a task that has not run
 * fails instead of waiting, since nothing would ever run it.
 *
 * <pre>{@code
 * FakeTicker ticker = new FakeTicker();
 * FakeScheduler scheduler = new FakeScheduler(ticker);
 * registry = InMemoryRegistry.create(ticker, scheduler);
 * scheduler.advance(Duration.ofSeconds(10)); // expiry checks run here
 * }</pre>
 */
public final class FakeScheduler extends AbstractExecutorService implements ScheduledExecutorService, Timer {
  /** Bounds one advance so a task that reschedules itself with zero delay cannot spin forever. */
  private static final int MAX_TASKS_PER_ADVANCE = 100_000;

  private final FakeTicker ticker;
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private long sequence;
  private boolean shutdown;

  public FakeScheduler(FakeTicker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  /** The ticker this scheduler reads. */
  public FakeTicker ticker() {
    return ticker;
  }

  /** Moves time forward by {@code duration}, running every task due on the way, in order. */
  public void advance(Duration duration) {
    long target = ticker.nanoTime() + duration.toNanos();
    for (int ran = 0; ran < MAX_TASKS_PER_ADVANCE; ran++) {
      Task<?> next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.dueNanos > target) {
          break;
        }
        queue.poll();
      }
      long wait = next.dueNanos - ticker.nanoTime();
      if (wait > 0) {
        ticker.advance(Duration.ofNanos(wait));
      }
      next.runOnce();
    }
    long rest = target - ticker.nanoTime();
    if (rest > 0) {
      ticker.advance(Duration.ofNanos(rest));
    }
  }

  /** Runs the tasks already due (e.g. those submitted with {@link #execute}), without moving time. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** The delays from now of every pending task, soonest first. */
  public synchronized List<Duration> pendingDelays() {
    long now = ticker.nanoTime();
    List<Task<?>> sorted = new ArrayList<>(queue);
    sorted.sort(null);
    List<Duration> out = new ArrayList<>();
    for (Task<?> t : sorted) {
      out.add(Duration.ofNanos(t.dueNanos - now));
    }
    return out;
  }

  /** Number of tasks waiting to run. */
  public synchronized int pendingCount() {
    return queue.size();
  }

  private synchronized <V> Task<V> enqueue(Callable<V> work, long delayNanos, long periodNanos) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("scheduler shut down");
    }
    Task<V> t = new Task<>(work, ticker.nanoTime() + Math.max(0, delayNanos), periodNanos, sequence++);
    queue.add(t);
    return t;
  }

  private synchronized void requeue(Task<?> t) {
    if (!shutdown && !t.isCancelled()) {
      queue.add(t);
    }
  }

  /** A task scheduled on this fake: both a {@link ScheduledFuture} and a {@link Timer.Timeout}. */
  public interface ScheduledTask<V> extends ScheduledFuture<V>, Timer.Timeout {}

  /** Schedules {@code command}; as a {@link Timer} and as a {@link ScheduledExecutorService}. */
  @Override
  public ScheduledTask<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return enqueue(Executors.callable(command), unit.toNanos(delay), 0);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return enqueue(callable, unit.toNanos(delay), 0);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return enqueue(Executors.callable(command), unit.toNanos(initialDelay), unit.toNanos(period));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return scheduleAtFixedRate(command, initialDelay, delay, unit);
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> pending = new ArrayList<>(queue);
    queue.clear();
    return pending;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private final class Task<V> implements ScheduledTask<V>, Runnable {
    private final Callable<V> work;
    private final long periodNanos;
    private final long seq;
    private long dueNanos;
    private volatile boolean cancelled;
    private volatile boolean done;
    private volatile V result;
    private volatile Throwable failure;

    Task(Callable<V> work, long dueNanos, long periodNanos, long seq) {
      this.work = work;
      this.dueNanos = dueNanos;
      this.periodNanos = periodNanos;
      this.seq = seq;
    }

    void runOnce() {
      if (cancelled) {
        return;
      }
      try {
        result = work.call();
      } catch (Throwable t) {
        failure = t;
        done = true; // a failing periodic task stops, as in ScheduledThreadPoolExecutor
        return;
      }
      if (periodNanos > 0) {
        dueNanos += periodNanos;
        requeue(this);
      } else {
        done = true;
      }
    }

    @Override
    public void run() {
      runOnce();
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - ticker.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      Task<?> o = (Task<?>) other;
      int c = Long.compare(dueNanos, o.dueNanos);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public boolean cancel() {
      return cancel(false);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (done || cancelled) {
        return false;
      }
      cancelled = true;
      synchronized (FakeScheduler.this) {
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
    public V get() throws ExecutionException {
      if (cancelled) {
        throw new CancellationException();
      }
      if (!done) {
        throw new IllegalStateException("task has not run: advance the FakeScheduler first");
      }
      if (failure != null) {
        throw new ExecutionException(failure);
      }
      return result;
    }

    @Override
    public V get(long timeout, TimeUnit unit) throws ExecutionException, TimeoutException {
      if (!isDone()) {
        throw new TimeoutException("task has not run: advance the FakeScheduler first");
      }
      return get();
    }
  }
}

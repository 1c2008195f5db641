package dev.switchboard.time.internal;

import dev.switchboard.spi.SharedExecutor;
import dev.switchboard.time.Ticker;
import dev.switchboard.time.Timer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The production {@link Timer}: a hashed timing wheel. Almost every timer is cancelled long
 * before it fires (deadlines, hedge delays), so scheduling and cancelling must be cheap.
 * {@link #schedule} is one CAS on a lock-free stack (one of a few, by thread) and {@link Timeout#cancel} one CAS on the
 * entry; a single daemon thread moves new entries into 1 ms buckets, fires what is due and drops
 * cancelled entries as it passes them (within one turn of the wheel). A
 * {@code ScheduledThreadPoolExecutor} instead takes a lock and re-sorts a heap twice per call
 * (about 300 ns uncontended, more under contention).
 *
 * <p>Time comes from the {@link Ticker} it is built on ({@link Ticker#system()} for
 * {@link Timer#system()}), never from {@code System.nanoTime} directly, so a wheel built with
 * {@link #manual} on a fake ticker runs the same bucket code deterministically in tests.
 *
 * <p>Tasks fire at most about one tick (1 ms) late, never early. Due tasks are handed to
 * {@code executor}, so the wheel thread never runs caller code. The thread parks when nothing is
 * pending. Thread-safe.
 */
public final class DeadlineTimer implements Timer {
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final int WHEEL_SIZE = 1024; // a power of two: one turn is about 1 s
  private static final int STRIPES = 4; // a power of two
  private static final int STRIPE_SPACING = 16; // array slots between two stripes: 64 bytes or more
  private static final DeadlineTimer SHARED =
      new DeadlineTimer(Ticker.system(), SharedExecutor.get(), "switchboard-timer");

  private final Ticker ticker;
  private final Executor executor;
  /**
   * New entries, on one lock-free stack per stripe, chosen by the scheduling thread's id: callers
   * on different cores push onto different cache lines (a call schedules two or three entries).
   */
  private final AtomicReferenceArray<Entry> incoming = new AtomicReferenceArray<>(STRIPES * STRIPE_SPACING);
  private final Entry[] buckets = new Entry[WHEEL_SIZE]; // worker thread only
  private final AtomicInteger idle = new AtomicInteger(); // 1 while the worker parks with nothing pending
  private final Thread worker; // null for a manual wheel
  private final long startNanos;
  private long tick; // worker thread only: the next tick to process
  private int pending; // worker thread only: entries in buckets

  /** A wheel on {@code ticker} with its own daemon thread, firing tasks on {@code executor}. */
  public DeadlineTimer(Ticker ticker, Executor executor, String threadName) {
    this(ticker, executor, Objects.requireNonNull(threadName, "threadName"), true);
  }

  private DeadlineTimer(Ticker ticker, Executor executor, String threadName, boolean threaded) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.startNanos = ticker.nanoTime();
    if (threaded) {
      this.worker = new Thread(this::run, threadName);
      worker.setDaemon(true);
      worker.start();
    } else {
      this.worker = null;
    }
  }

  /**
   * A wheel with no thread of its own: due tasks fire only inside {@link #runDue()}, on the
   * thread that calls it. For tests that drive the wheel with a fake ticker.
   */
  public static DeadlineTimer manual(Ticker ticker, Executor executor) {
    return new DeadlineTimer(ticker, executor, null, false);
  }

  /** The process-wide wheel on the system ticker. */
  public static DeadlineTimer shared() {
    return SHARED;
  }

  @Override
  public Timeout schedule(Runnable task, long delay, TimeUnit unit) {
    Objects.requireNonNull(task, "task");
    long delayNanos = Math.max(0, unit.toNanos(delay));
    long now = ticker.nanoTime();
    long at = now + delayNanos;
    Entry e = new Entry(task, at < now ? Long.MAX_VALUE : at); // overflow: practically never
    int stripe = (int) (Thread.currentThread().getId() & (STRIPES - 1)) * STRIPE_SPACING;
    Entry head;
    do {
      head = incoming.get(stripe);
      e.nextIncoming = head;
    } while (!incoming.compareAndSet(stripe, head, e));
    if (worker != null && idle.get() == 1) {
      LockSupport.unpark(worker);
    }
    return e;
  }

  /**
   * Manual wheels only: fires every task due by the ticker's current reading, in tick order, on
   * the calling thread (through the executor). Not to be called concurrently.
   *
   * @throws IllegalStateException on a wheel with its own thread
   */
  public void runDue() {
    if (worker != null) {
      throw new IllegalStateException("this wheel runs on its own thread");
    }
    transferIncoming();
    expireThrough(currentTick());
  }

  private long currentTick() {
    return (ticker.nanoTime() - startNanos) / TICK_NANOS;
  }

  private void run() {
    while (true) {
      transferIncoming();
      expireThrough(currentTick());
      if (pending == 0 && noIncoming()) {
        idle.set(1);
        if (noIncoming()) {
          LockSupport.park(this);
        }
        idle.set(0);
        tick = currentTick(); // nothing was pending: skip idle ticks
      } else {
        long next = startNanos + tick * TICK_NANOS;
        LockSupport.parkNanos(this, Math.max(1, next - ticker.nanoTime()));
      }
    }
  }

  private void expireThrough(long nowTick) {
    while (tick <= nowTick) {
      expire((int) (tick & (WHEEL_SIZE - 1)));
      tick++;
    }
  }

  private void transferIncoming() {
    for (int stripe = 0; stripe < STRIPES; stripe++) {
      transfer(incoming.getAndSet(stripe * STRIPE_SPACING, null));
    }
  }

  private boolean noIncoming() {
    for (int stripe = 0; stripe < STRIPES; stripe++) {
      if (incoming.get(stripe * STRIPE_SPACING) != null) {
        return false;
      }
    }
    return true;
  }

  private void transfer(Entry first) {
    Entry e = first;
    while (e != null) {
      Entry next = e.nextIncoming;
      e.nextIncoming = null;
      if (e.isPending()) {
        long untilDue = e.deadlineNanos - startNanos;
        long dueTick = untilDue > Long.MAX_VALUE - TICK_NANOS ? Long.MAX_VALUE / 2
            : Math.max(tick, (untilDue + TICK_NANOS - 1) / TICK_NANOS);
        int slot = (int) (dueTick & (WHEEL_SIZE - 1));
        e.rounds = (dueTick - tick) / WHEEL_SIZE;
        e.nextInBucket = buckets[slot];
        buckets[slot] = e;
        pending++;
      }
      e = next;
    }
  }

  private void expire(int slot) {
    Entry prev = null;
    Entry e = buckets[slot];
    while (e != null) {
      Entry next = e.nextInBucket;
      boolean remove;
      if (!e.isPending()) {
        remove = true; // cancelled: drop it now
      } else if (e.rounds > 0) {
        e.rounds--;
        remove = false;
      } else {
        // No rounds left means due: its tick was rounded up from the deadline and has come.
        remove = true;
        Runnable task = e.fire();
        if (task != null) {
          try {
            executor.execute(task);
          } catch (RuntimeException rejected) {
            task.run(); // executor gone (shutdown): better late on this thread than never
          }
        }
      }
      if (remove) {
        pending--;
        if (prev == null) {
          buckets[slot] = next;
        } else {
          prev.nextInBucket = next;
        }
      } else {
        prev = e;
      }
      e = next;
    }
  }

  @Override
  public String toString() {
    return "DeadlineTimer[" + (worker == null ? "manual" : worker.getName()) + "]";
  }

  private static final class Entry implements Timeout {
    static final int PENDING = 0;
    static final int CANCELLED = 1;
    static final int FIRED = 2;
    private static final VarHandle STATE;

    static {
      try {
        STATE = MethodHandles.lookup().findVarHandle(Entry.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    /**
     * Dropped when the entry ends: a cancelled entry waits in its bucket until the wheel passes
     * it (up to one turn, about 1 s), and its task typically captures a whole call (request,
     * response, futures). Kept, that would hold every call of the last second reachable: at tens
     * of thousands of calls a second, hundreds of megabytes that each young collection copies.
     */
    private Runnable task;
    final long deadlineNanos;
    private volatile int state = PENDING;
    Entry nextIncoming;
    Entry nextInBucket;
    long rounds;

    Entry(Runnable task, long deadlineNanos) {
      this.task = task;
      this.deadlineNanos = deadlineNanos;
    }

    boolean isPending() {
      return state == PENDING;
    }

    /** The task to run, or null if the entry was cancelled first. */
    Runnable fire() {
      if (!STATE.compareAndSet(this, PENDING, FIRED)) {
        return null;
      }
      Runnable t = task; // only the thread that won the state CAS touches task from here on
      task = null;
      return t;
    }

    @Override
    public boolean cancel() {
      if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
        return false;
      }
      task = null;
      return true;
    }
  }
}

package dev.switchboard.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A hashed timing wheel for call deadlines: almost every deadline is cancelled long before it
 * fires, so scheduling and cancelling must be cheap. {@link #schedule} is one CAS on a lock-free
 * stack and {@link Timeout#cancel} one CAS on the entry; a single daemon thread moves new entries
 * into 1 ms buckets, fires what is due, and drops cancelled entries as it passes them (within one
 * turn of the wheel). A {@code ScheduledThreadPoolExecutor} instead takes a lock and re-sorts a
 * heap twice per call (about 300 ns uncontended, more under contention).
 *
 * <p>Deadlines fire at most about one tick (1 ms) late, never early. Due tasks are handed to
 * {@code executor}, so the wheel thread never runs caller code. The thread parks when nothing is
 * pending. Thread-safe.
 */
public final class DeadlineTimer {
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final int WHEEL_SIZE = 1024; // a power of two: one turn is about 1 s
  private static final DeadlineTimer SHARED = new DeadlineTimer(SharedScheduler.get(), "switchboard-deadlines");

  private final Executor executor;
  private final AtomicReference<Entry> incoming = new AtomicReference<>();
  private final Entry[] buckets = new Entry[WHEEL_SIZE]; // worker thread only
  private final AtomicInteger idle = new AtomicInteger(); // 1 while the worker parks with nothing pending
  private final Thread worker;
  private final long startNanos = System.nanoTime();
  private long tick; // worker thread only: the next tick to process
  private int pending; // worker thread only: entries in buckets

  /** A handle to cancel a scheduled task. */
  public interface Timeout {
    /** Cancels the task; true if it had not fired yet. */
    boolean cancel();
  }

  DeadlineTimer(Executor executor, String threadName) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.worker = new Thread(this::run, threadName);
    worker.setDaemon(true);
    worker.start();
  }

  /** The process-wide timer. */
  public static DeadlineTimer shared() {
    return SHARED;
  }

  /** Runs {@code task} on the executor after {@code delayNanos} (at most about 1 ms late). */
  public Timeout schedule(Runnable task, long delayNanos) {
    Entry e = new Entry(task, System.nanoTime() + Math.max(0, delayNanos));
    Entry head;
    do {
      head = incoming.get();
      e.nextIncoming = head;
    } while (!incoming.compareAndSet(head, e));
    if (idle.get() == 1) {
      LockSupport.unpark(worker);
    }
    return e;
  }

  private void run() {
    while (true) {
      transferIncoming();
      long nowTick = (System.nanoTime() - startNanos) / TICK_NANOS;
      while (tick <= nowTick) {
        expire(buckets, (int) (tick & (WHEEL_SIZE - 1)));
        tick++;
      }
      if (pending == 0 && incoming.get() == null) {
        idle.set(1);
        if (incoming.get() == null) {
          LockSupport.park(this);
        }
        idle.set(0);
        tick = (System.nanoTime() - startNanos) / TICK_NANOS; // nothing was pending: skip idle ticks
      } else {
        long next = startNanos + tick * TICK_NANOS;
        LockSupport.parkNanos(this, Math.max(1, next - System.nanoTime()));
      }
    }
  }

  private void transferIncoming() {
    Entry e = incoming.getAndSet(null);
    while (e != null) {
      Entry next = e.nextIncoming;
      e.nextIncoming = null;
      if (e.isPending()) {
        long dueTick = Math.max(tick, (e.deadlineNanos - startNanos + TICK_NANOS - 1) / TICK_NANOS);
        int slot = (int) (dueTick & (WHEEL_SIZE - 1));
        e.rounds = (dueTick - tick) / WHEEL_SIZE;
        e.nextInBucket = buckets[slot];
        buckets[slot] = e;
        pending++;
      }
      e = next;
    }
  }

  private void expire(Entry[] wheel, int slot) {
    Entry prev = null;
    Entry e = wheel[slot];
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
        if (e.fire()) {
          try {
            executor.execute(e.task);
          } catch (RuntimeException rejected) {
            e.task.run(); // executor gone (shutdown): better late on this thread than never
          }
        }
      }
      if (remove) {
        pending--;
        if (prev == null) {
          wheel[slot] = next;
        } else {
          prev.nextInBucket = next;
        }
      } else {
        prev = e;
      }
      e = next;
    }
  }

  private static final class Entry implements Timeout {
    static final int PENDING = 0;
    static final int CANCELLED = 1;
    static final int FIRED = 2;

    final Runnable task;
    final long deadlineNanos;
    private static final VarHandle STATE;

    static {
      try {
        STATE = MethodHandles.lookup().findVarHandle(Entry.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

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

    boolean fire() {
      return STATE.compareAndSet(this, PENDING, FIRED);
    }

    @Override
    public boolean cancel() {
      return STATE.compareAndSet(this, PENDING, CANCELLED);
    }
  }
}

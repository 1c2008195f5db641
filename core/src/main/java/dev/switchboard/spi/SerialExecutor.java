package dev.switchboard.spi;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in the order they were submitted, without a lock: the state a task
 * touches needs no other guard, and no monitor is held while a task calls out (the discipline of
 * grpc-java's {@code SynchronizationContext} and {@code RetriableStream}: swap state inside,
 * never block or wait on another call's lock). Whichever thread finds the queue idle drains it,
 * running every task queued meanwhile, including those submitted by the tasks themselves; or,
 * when built with an executor, the drain is handed to that executor (a gRPC call's executor, say,
 * whose thread is the only one allowed to call the call's listener).
 *
 * <p>A task that throws is logged and does not stop the queue; tasks that must fail something
 * on error catch their own exceptions. Tasks must not block.
 *
 * <p><b>Threading:</b> {@link #execute} may be called from any thread, concurrently.
 */
public final class SerialExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final Executor drainOn;

  /** Drains on the thread that submits to an idle queue. */
  public SerialExecutor() {
    this(null);
  }

  /**
   * Drains on {@code drainOn}, or on the submitting thread when null. If {@code drainOn} rejects
   * the drain, the submitting thread drains instead, so no task is ever stranded.
   */
  public SerialExecutor(Executor drainOn) {
    this.drainOn = drainOn;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (pending.getAndIncrement() != 0) {
      return; // the thread draining the queue will run it
    }
    if (drainOn == null) {
      drain();
      return;
    }
    try {
      drainOn.execute(this::drain);
    } catch (RejectedExecutionException e) {
      drain();
    }
  }

  /**
   * Runs {@code task} in order like {@link #execute}, but drains on the calling thread when the
   * queue is idle, even when built with an executor: for a caller already running on that
   * executor (a gRPC listener callback on the call's executor), which saves a hand-off.
   */
  public void executeHere(Runnable task) {
    tasks.add(task);
    if (pending.getAndIncrement() == 0) {
      drain();
    }
  }

  private void drain() {
    int missed = 1;
    do {
      Runnable next;
      while ((next = tasks.poll()) != null) {
        try {
          next.run();
        } catch (RuntimeException e) {
          log.warn("task in a serial executor failed", e);
        }
      }
      missed = pending.addAndGet(-missed);
    } while (missed != 0);
  }
}

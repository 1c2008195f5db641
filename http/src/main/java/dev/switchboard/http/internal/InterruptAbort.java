package dev.switchboard.http.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Aborts an exchange that blocks its caller's thread in {@code HttpClient.send} by interrupting
 * that thread: the only way to reach such an exchange from another thread, and one the JDK honours
 * (since JDK 16 an interrupt cancels the exchange and closes its connection). The pipeline runs it
 * ({@code Attempt.onAbort}) when the attempt lost to a hedge or the call ended.
 *
 * <p>The interrupt must never outlive the exchange: the caller's thread belongs to the user. So
 * {@link #run()} interrupts only while the exchange runs (one CAS decides against {@link #ended()}),
 * and {@link #ended()} waits for an abort that won the CAS to deliver its interrupt, then clears
 * it. A thread the user had interrupted already is left as it is (its interrupt aborts the
 * exchange anyway, and is the user's to see). Thread-safe.
 */
final class InterruptAbort implements Runnable {
  private static final int RUNNING = 0;
  private static final int ENDED = 1;
  private static final int ABORTING = 2;
  private static final int ABORTED = 3; // our interrupt was delivered: clear it on the way out
  private static final int ABORTED_BY_USER = 4; // the user's own interrupt was there first: leave it
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(InterruptAbort.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Thread caller;
  private volatile int state;

  /** For an exchange about to block the current thread. */
  InterruptAbort() {
    this.caller = Thread.currentThread();
  }

  @Override
  public void run() {
    if (!STATE.compareAndSet(this, RUNNING, ABORTING)) {
      return; // the exchange ended first: nothing to abort
    }
    if (caller.isInterrupted()) {
      state = ABORTED_BY_USER;
      return;
    }
    caller.interrupt();
    state = ABORTED;
  }

  /** True once the pipeline aborted the exchange. */
  boolean aborted() {
    return state >= ABORTING;
  }

  /** True when the thread's interrupt was delivered by the abort, not by the user. */
  boolean interruptedByAbort() {
    return state == ABORTED;
  }

  /**
   * On the caller's thread, once {@code send} returned or threw: from now on no abort interrupts
   * it, and an interrupt an abort delivered is cleared.
   */
  void ended() {
    if (STATE.compareAndSet(this, RUNNING, ENDED)) {
      return;
    }
    int s;
    while ((s = state) == ABORTING) {
      Thread.onSpinWait(); // the aborting thread is between its CAS and its interrupt: a few instructions
    }
    if (s == ABORTED) {
      Thread.interrupted(); // ours, not the user's
    }
  }
}

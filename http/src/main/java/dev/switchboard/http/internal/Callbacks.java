package dev.switchboard.http.internal;

import dev.switchboard.context.CallContext;
import dev.switchboard.context.ContextFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the futures of async HTTP calls complete: a process-wide pool of
 * {@link #THREADS} daemon threads, never a transport's I/O thread. Whatever a caller chains on the
 * future ({@code thenApply}, {@code whenComplete}, ...) runs where the future completes; run on an
 * I/O thread (Apache HttpClient's reactor, the JDK client's executor), a continuation that blocks
 * would stall every other exchange on that thread. Here it holds one pool thread: other calls, and
 * other continuations, go on. The pool is bounded, so a burst of completions queues rather than
 * starting a thread each; idle threads end after 30 s. Thread-safe.
 */
public final class Callbacks {
  /** Pool threads: twice the processors, at least 4. */
  public static final int THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  /** Name prefix of the pool's threads. */
  public static final String THREAD_PREFIX = "switchboard-http-callback-";

  private static final Executor POOL = create();

  private Callbacks() {}

  /**
   * A future that completes like {@code call} but on the pool, unless {@code call} is already done
   * (then it is returned as is: its continuations run on the caller's thread, which is safe).
   * Cancelling the returned future cancels {@code call}.
   */
  public static <T> CompletableFuture<T> handOff(CompletableFuture<T> call) {
    if (call.isDone()) {
      return call;
    }
    ContextFuture<T> user = new ContextFuture<>(
        call instanceof ContextFuture<T> c ? c.context() : CallContext.current());
    call.whenComplete((value, error) -> POOL.execute(() -> {
      if (error == null) {
        user.complete(value);
      } else {
        user.completeExceptionally(error);
      }
    }));
    user.whenComplete((value, error) -> {
      if (user.isCancelled()) {
        call.cancel(true); // the caller gave up: the attempts in flight are aborted on the wire
      }
    });
    return user;
  }

  private static Executor create() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, THREAD_PREFIX + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}

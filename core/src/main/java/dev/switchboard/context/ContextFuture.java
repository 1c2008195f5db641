package dev.switchboard.context;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A {@link CompletableFuture} that runs its dependent stages with the {@link CallContext} of the
 * thread that created it. Switchboard's clients return these, so a continuation such as {@code
 * users.getAsync(...).thenApply(u -> orders.get(...))} keeps the caller's correlation id, trace
 * and deadline even though it runs on a transport thread.
 *
 * <p>How: completion ({@code complete}, {@code completeExceptionally}, {@code cancel}) happens with
 * the captured context bound, so every stage triggered by it (thenApply, thenCompose, whenComplete,
 * handle, exceptionally, ...) sees the context; {@code *Async} stages on the default executor are
 * wrapped; and every dependent future is again a {@code ContextFuture} with the same context (via
 * {@link #newIncompleteFuture()}), so chains keep it.
 *
 * <p>Limits: a stage added after completion runs on the thread that adds it, with that thread's
 * context (usually the caller's own); a {@code *Async} stage on an executor you pass runs with
 * whatever that executor provides, so pass {@link CallContext#wrap(Executor)}; and a future you
 * return from {@code thenCompose} that is not a Switchboard future completes on its own thread
 * without the context. The SLF4J MDC is not carried (see {@link ContextMdc#wrap(Runnable)}).
 *
 * <p>Thread-safe, as {@code CompletableFuture}.
 *
 * @param <T> the result type
 */
public final class ContextFuture<T> extends CompletableFuture<T> {
  private final CallContext context;

  /** An incomplete future whose stages will run with {@code context}. */
  public ContextFuture(CallContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /** An incomplete future capturing the context current on this thread. */
  public static <T> ContextFuture<T> capturingCurrent() {
    return new ContextFuture<>(CallContext.current());
  }

  /** The captured context. */
  public CallContext context() {
    return context;
  }

  @Override
  public boolean complete(T value) {
    try (CallContext.Scope ignored = context.attach()) {
      return super.complete(value);
    }
  }

  @Override
  public boolean completeExceptionally(Throwable ex) {
    try (CallContext.Scope ignored = context.attach()) {
      return super.completeExceptionally(ex);
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    try (CallContext.Scope ignored = context.attach()) {
      return super.cancel(mayInterruptIfRunning);
    }
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new ContextFuture<>(context);
  }

  @Override
  public Executor defaultExecutor() {
    Executor base = super.defaultExecutor();
    return task -> base.execute(() -> context.run(task));
  }

  @Override
  public String toString() {
    return super.toString() + "[" + context.correlationId().orElse("-") + "]";
  }
}

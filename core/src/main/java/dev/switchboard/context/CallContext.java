package dev.switchboard.context;

import dev.switchboard.time.Deadline;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * What a call carries from hop to hop: its deadline, correlation id, trace context, attempt number
 * and hedge flag, plus typed extension values.
 *
 * <p>A server filter {@linkplain #attach() attaches} the inbound context to the handling thread;
 * every Switchboard client reads {@link #current()} so propagation needs no code from the caller.
 * Contexts are immutable: the {@code with*} methods return copies.
 *
 * <p><b>Threads.</b> The binding is a plain {@link ThreadLocal}, so it works on platform and
 * virtual threads alike. It does not follow work to other threads by itself. With your own
 * executors, thread pools, schedulers or {@code CompletableFuture.supplyAsync(task, executor)},
 * wrap the task ({@link #wrap(Runnable)}, {@link #wrap(Callable)}) or the executor once ({@link
 * #wrap(Executor)}: each task then runs with the context current when it was submitted). Use
 * {@link ContextMdc#wrap(Runnable)} when log lines on that thread should carry the MDC fields too.
 * Switchboard's own futures ({@link ContextFuture}) already run their continuations with the
 * caller's context, also when they complete on a transport thread.
 *
 * <pre>{@code
 * try (CallContext.Scope s = CallContext.current().withDeadline(Deadline.after(ofMillis(200))).attach()) {
 *   users.getUser("42");   // sends x-request-timeout-ms of about 200
 * }
 * }</pre>
 */
public final class CallContext {
  private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();
  private static final CallContext EMPTY = new CallContext(null, null, null, 0, false, Map.of());

  private final Deadline deadline;
  private final String correlationId;
  private final TraceContext trace;
  private final int attempt;
  private final boolean hedge;
  private final Map<ContextKey<?>, Object> extensions;

  private CallContext(
      Deadline deadline,
      String correlationId,
      TraceContext trace,
      int attempt,
      boolean hedge,
      Map<ContextKey<?>, Object> extensions) {
    this.deadline = deadline;
    this.correlationId = correlationId;
    this.trace = trace;
    this.attempt = attempt;
    this.hedge = hedge;
    this.extensions = extensions;
  }

  /** The empty context: no deadline, no ids. */
  public static CallContext empty() {
    return EMPTY;
  }

  /** The context bound to this thread, or {@link #empty()}. Never null. */
  public static CallContext current() {
    CallContext c = CURRENT.get();
    return c == null ? EMPTY : c;
  }

  /** The deadline, if any. */
  public Optional<Deadline> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** The correlation id, if any; always valid per {@link CorrelationId#isValid}. */
  public Optional<String> correlationId() {
    return Optional.ofNullable(correlationId);
  }

  /** The trace context, if any. */
  public Optional<TraceContext> trace() {
    return Optional.ofNullable(trace);
  }

  /** The attempt number as seen by a server (1 = first); 0 when unknown. */
  public int attempt() {
    return attempt;
  }

  /** True when the inbound request was a hedge. */
  public boolean hedge() {
    return hedge;
  }

  /** An extension value. */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> get(ContextKey<T> key) {
    return Optional.ofNullable((T) extensions.get(key));
  }

  /** A copy with {@code deadline} (null removes it). */
  public CallContext withDeadline(Deadline deadline) {
    return new CallContext(deadline, correlationId, trace, attempt, hedge, extensions);
  }

  /**
   * A copy with {@code id} as correlation id.
   *
   * @throws IllegalArgumentException if {@code id} is not a valid correlation id
   */
  public CallContext withCorrelationId(String id) {
    if (id != null && !CorrelationId.isValid(id)) {
      throw new IllegalArgumentException("invalid correlation id: \"" + id + "\"");
    }
    return new CallContext(deadline, id, trace, attempt, hedge, extensions);
  }

  /**
   * The context for an outbound call made under this one: {@code deadline}, {@code correlationId}
   * and {@code trace} replaced in one copy, attempt and hedge reset (they describe the inbound
   * request), extensions kept. The pipeline calls this once per call.
   *
   * @throws IllegalArgumentException if {@code correlationId} is not valid
   */
  public CallContext forOutbound(Deadline deadline, String correlationId, TraceContext trace) {
    if (correlationId != null && !CorrelationId.isValid(correlationId)) {
      throw new IllegalArgumentException("invalid correlation id: \"" + correlationId + "\"");
    }
    return new CallContext(deadline, correlationId, trace, 0, false, extensions);
  }

  /** A copy with {@code trace} (null removes it). */
  public CallContext withTrace(TraceContext trace) {
    return new CallContext(deadline, correlationId, trace, attempt, hedge, extensions);
  }

  /** A copy with the inbound attempt number and hedge flag. */
  public CallContext withAttempt(int attempt, boolean hedge) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0: " + attempt);
    }
    return new CallContext(deadline, correlationId, trace, attempt, hedge, extensions);
  }

  /** A copy with an extension value (null removes it). */
  public <T> CallContext with(ContextKey<T> key, T value) {
    Objects.requireNonNull(key, "key");
    Map<ContextKey<?>, Object> copy = new HashMap<>(extensions);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return new CallContext(deadline, correlationId, trace, attempt, hedge, Map.copyOf(copy));
  }

  /**
   * Binds this context to the current thread until the returned scope is closed, which restores
   * whatever was bound before. Close it on the same thread, in try-with-resources.
   */
  public Scope attach() {
    CallContext previous = CURRENT.get();
    CURRENT.set(this);
    return previous == null ? Scope.TO_NONE : new Scope(previous);
  }

  /** Runs {@code task} with this context bound. */
  public void run(Runnable task) {
    try (Scope ignored = attach()) {
      task.run();
    }
  }

  /** Calls {@code task} with this context bound. */
  public <T> T call(Callable<T> task) throws Exception {
    try (Scope ignored = attach()) {
      return task.call();
    }
  }

  /** {@code task} wrapped to run with the context that is current now. */
  public static Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    CallContext captured = current();
    return () -> captured.run(task);
  }

  /** {@code task} wrapped to run with the context that is current now. */
  public static <T> Callable<T> wrap(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    CallContext captured = current();
    return () -> captured.call(task);
  }

  /**
   * An executor that runs each task with the context that was current when the task was
   * submitted (not when the executor was wrapped).
   */
  public static Executor wrap(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    return task -> executor.execute(wrap(task));
  }

  /** Restores the previously bound context on close. Not thread-safe; close once. */
  public static final class Scope implements AutoCloseable {
    /**
     * Restores "nothing bound". It sets null rather than removing the thread's entry: a removed
     * entry is rebuilt (and the table re-scanned) by the next {@code get}, twice per call on
     * the hot path. A null value holds nothing, so nothing leaks into a pooled thread.
     */
    static final Scope TO_NONE = new Scope(null);

    private final CallContext previous;

    private Scope(CallContext previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      CURRENT.set(previous);
    }
  }

  @Override
  public String toString() {
    return "CallContext[deadline=" + deadline + ", correlationId=" + correlationId + ", trace="
        + trace + ", attempt=" + attempt + (hedge ? ", hedge" : "") + "]";
  }
}

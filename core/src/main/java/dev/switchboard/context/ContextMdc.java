package dev.switchboard.context;

import java.util.Objects;
import org.slf4j.MDC;

/**
 * Mirrors a {@link CallContext} into the SLF4J {@link MDC}, so every log line written while a
 * request is handled names its correlation id and trace. Keys: {@value #CORRELATION_ID}, {@value
 * #TRACE_ID} and {@value #SPAN_ID} (the inbound parent span).
 *
 * <p>The MDC is a separate thread-local from {@link CallContext}'s binding: {@link
 * CallContext#wrap(Runnable)} carries the context but not the MDC. To log with these keys on your
 * own executor threads, submit {@link #wrap(Runnable)}ped tasks (context and MDC), or attach with
 * {@link #attach(CallContext)} yourself.
 *
 * <p>Thread-safe (static utility). A {@link Scope} belongs to the thread that opened it.
 */
public final class ContextMdc {
  /** MDC key of the correlation id. */
  public static final String CORRELATION_ID = "correlation_id";
  /** MDC key of the 32-hex trace id. */
  public static final String TRACE_ID = "trace_id";
  /** MDC key of the 16-hex span id of the bound trace context. */
  public static final String SPAN_ID = "span_id";

  private static final String[] KEYS = {CORRELATION_ID, TRACE_ID, SPAN_ID};

  private ContextMdc() {}

  /**
   * Binds {@code context} to this thread and puts its ids into the MDC. Closing the scope restores
   * both the previous context and the previous MDC values (removing keys that were absent). Never
   * throws because of the MDC: a failing MDC adapter only costs the log fields.
   */
  public static Scope attach(CallContext context) {
    Objects.requireNonNull(context, "context");
    String[] previous = new String[KEYS.length];
    for (int i = 0; i < KEYS.length; i++) {
      previous[i] = safeGet(KEYS[i]);
    }
    CallContext.Scope scope = context.attach();
    safePut(CORRELATION_ID, context.correlationId().orElse(null));
    safePut(TRACE_ID, context.trace().map(TraceContext::traceId).orElse(null));
    safePut(SPAN_ID, context.trace().map(TraceContext::spanId).orElse(null));
    return new Scope(scope, previous);
  }

  /** {@code task} wrapped to run with the current context bound and mirrored into the MDC. */
  public static Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    CallContext captured = CallContext.current();
    return () -> {
      try (Scope ignored = attach(captured)) {
        task.run();
      }
    };
  }

  private static String safeGet(String key) {
    try {
      return MDC.get(key);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void safePut(String key, String value) {
    try {
      if (value == null) {
        MDC.remove(key);
      } else {
        MDC.put(key, value);
      }
    } catch (RuntimeException e) {
      // An MDC adapter must never fail a request; the log line just lacks the field.
    }
  }

  /** Restores the previous context and MDC values on close. Close once, on the same thread. */
  public static final class Scope implements AutoCloseable {
    private final CallContext.Scope context;
    private final String[] previous;

    private Scope(CallContext.Scope context, String[] previous) {
      this.context = context;
      this.previous = previous;
    }

    @Override
    public void close() {
      for (int i = 0; i < KEYS.length; i++) {
        safePut(KEYS[i], previous[i]);
      }
      context.close();
    }
  }
}

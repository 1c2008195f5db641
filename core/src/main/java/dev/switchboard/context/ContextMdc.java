package dev.switchboard.context;

import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Mirrors a {@link CallContext} into the SLF4J {@link MDC}, so every log line written while a
 * request is handled names its correlation id and trace. Keys: {@value #CORRELATION_ID}, {@value
 * #TRACE_ID} and {@value #SPAN_ID} (the inbound parent span) by default, or Spring Boot's
 * {@code traceId}/{@code spanId} style: see {@link MdcKeys} and {@link #useKeys(MdcKeys)}.
 *
 * <p>The MDC is a separate thread-local from {@link CallContext}'s binding: {@link
 * CallContext#wrap(Runnable)} carries the context but not the MDC. To log with these keys on your
 * own executor threads, submit {@link #wrap(Runnable)}ped tasks (context and MDC), or attach with
 * {@link #attach(CallContext)} yourself.
 *
 * <p>Thread-safe (static utility). A {@link Scope} belongs to the thread that opened it.
 */
public final class ContextMdc {
  /** Default MDC key of the correlation id ({@link MdcKeys#SWITCHBOARD}). */
  public static final String CORRELATION_ID = "correlation_id";
  /** Default MDC key of the 32-hex trace id. */
  public static final String TRACE_ID = "trace_id";
  /** Default MDC key of the 16-hex span id of the bound trace context. */
  public static final String SPAN_ID = "span_id";

  private static final Logger LOG = LoggerFactory.getLogger(ContextMdc.class);
  /** Key names now; a scope restores the names it wrote, even if they changed meanwhile. */
  private static volatile String[] keys = names(initialKeys());

  private ContextMdc() {}

  /**
   * Writes the MDC under {@code keys} from now on (scopes already open restore what they wrote).
   * Call once at start-up, or set the system property {@value MdcKeys#PROPERTY}.
   */
  public static void useKeys(MdcKeys keys) {
    ContextMdc.keys = names(Objects.requireNonNull(keys, "keys"));
  }

  /** The key names in use. */
  public static MdcKeys keys() {
    String[] k = keys;
    return new MdcKeys(k[0], k[1], k[2]);
  }

  private static String[] names(MdcKeys k) {
    return new String[] {k.correlationId(), k.traceId(), k.spanId()};
  }

  private static MdcKeys initialKeys() {
    String name = System.getProperty(MdcKeys.PROPERTY);
    if (name == null) {
      return MdcKeys.SWITCHBOARD;
    }
    try {
      return MdcKeys.named(name);
    } catch (IllegalArgumentException e) {
      LOG.warn("{}; using the default MDC keys", e.getMessage());
      return MdcKeys.SWITCHBOARD;
    }
  }

  /**
   * {@link #attach(CallContext)} for a server handling an inbound request: also opens every
   * {@link InboundScopeProvider} on the class path (e.g. OpenTelemetry's, which makes the
   * caller's trace the current OpenTelemetry context). Closing the scope closes them in reverse
   * order, then restores the MDC and the previous context. Switchboard's server filters call this.
   */
  public static Scope attachInbound(CallContext context) {
    Scope scope = attach(context);
    List<InboundScopeProvider> providers = InboundProviders.ALL;
    if (providers.isEmpty()) {
      return scope;
    }
    AutoCloseable[] opened = new AutoCloseable[providers.size()];
    for (int i = 0; i < opened.length; i++) {
      try {
        opened[i] = providers.get(i).open(context);
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("inbound scope provider {} failed; serving the request without it", providers.get(i), e);
      }
    }
    scope.inner = opened;
    return scope;
  }

  /** Loaded once, on first use: providers are found on the class path. */
  private static final class InboundProviders {
    static final List<InboundScopeProvider> ALL = load();

    private static List<InboundScopeProvider> load() {
      try {
        return ServiceLoader.load(InboundScopeProvider.class, ContextMdc.class.getClassLoader()).stream()
            .map(p -> {
              try {
                return p.get();
              } catch (RuntimeException | LinkageError e) {
                LOG.warn("inbound scope provider {} could not be loaded; ignored", p.type().getName(), e);
                return null;
              }
            })
            .filter(Objects::nonNull)
            .toList();
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("inbound scope providers could not be listed; none is used", e);
        return List.of();
      }
    }
  }

  /**
   * Binds {@code context} to this thread and puts its ids into the MDC. Closing the scope restores
   * both the previous context and the previous MDC values (removing keys that were absent). Never
   * throws because of the MDC: a failing MDC adapter only costs the log fields.
   */
  public static Scope attach(CallContext context) {
    Objects.requireNonNull(context, "context");
    String[] k = keys;
    String[] previous = new String[k.length];
    for (int i = 0; i < k.length; i++) {
      previous[i] = safeGet(k[i]);
    }
    CallContext.Scope scope = context.attach();
    safePut(k[0], context.correlationId().orElse(null));
    safePut(k[1], context.trace().map(TraceContext::traceId).orElse(null));
    safePut(k[2], context.trace().map(TraceContext::spanId).orElse(null));
    return new Scope(scope, k, previous);
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
    private final String[] keys;
    private final String[] previous;
    private AutoCloseable[] inner; // inbound provider scopes, closed first

    private Scope(CallContext.Scope context, String[] keys, String[] previous) {
      this.context = context;
      this.keys = keys;
      this.previous = previous;
    }

    @Override
    public void close() {
      if (inner != null) {
        for (int i = inner.length - 1; i >= 0; i--) {
          if (inner[i] != null) {
            try {
              inner[i].close();
            } catch (Exception | LinkageError e) {
              LOG.warn("closing an inbound scope failed; ignored", e);
            }
          }
        }
      }
      for (int i = 0; i < keys.length; i++) {
        safePut(keys[i], previous[i]);
      }
      context.close();
    }
  }
}

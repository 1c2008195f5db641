package dev.switchboard.http;

import dev.switchboard.config.ConfigValues;
import dev.switchboard.http.declarative.Idempotent;
import dev.switchboard.http.declarative.Retry;
import dev.switchboard.http.declarative.Timeout;
import dev.switchboard.pipeline.CallOptions;
import java.lang.reflect.Method;
import java.time.Duration;

/**
 * The per-call options a declarative method declares with {@link Timeout}, {@link Retry} and
 * {@link Idempotent} (method first, then its interface), read once per method into the
 * {@link CallOptions} every call of it passes to the pipeline. Shared by Switchboard's own
 * declarative proxies and by adapters of other frameworks' interfaces (the Spring starter reads
 * them off {@code @HttpExchange} methods). Stateless.
 */
public final class MethodOptions {
  private MethodOptions() {}

  /**
   * The options {@code method} declares, or {@link CallOptions#defaults()} when it declares none.
   *
   * @throws IllegalArgumentException naming the method, for a malformed {@code @Timeout} or a
   *     {@code @Retry} outside 1..5
   */
  public static CallOptions of(Method method) {
    String where = method.getDeclaringClass().getSimpleName() + "." + method.getName();
    Timeout timeout = method.getAnnotation(Timeout.class);
    if (timeout == null) {
      timeout = method.getDeclaringClass().getAnnotation(Timeout.class);
    }
    Retry retry = method.getAnnotation(Retry.class);
    if (retry == null) {
      retry = method.getDeclaringClass().getAnnotation(Retry.class);
    }
    Duration d = null;
    if (timeout != null) {
      try {
        d = ConfigValues.duration(timeout.value());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": @Timeout(\"" + timeout.value() + "\") " + e.getMessage(), e);
      }
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(where + ": @Timeout(\"" + timeout.value() + "\") must be > 0");
      }
    }
    int maxAttempts = retry == null ? 0 : retry.maxAttempts();
    if (retry != null && (maxAttempts < 1 || maxAttempts > 5)) {
      throw new IllegalArgumentException(where + ": @Retry(maxAttempts = " + maxAttempts + ") must be 1..5");
    }
    return CallOptions.of(method.isAnnotationPresent(Idempotent.class), null, d, maxAttempts);
  }
}

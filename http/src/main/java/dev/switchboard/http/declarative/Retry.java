package dev.switchboard.http.declarative;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Overrides the client's retry policy's {@code maxAttempts} for a method (or, on an interface,
 * for every method without its own): {@code @Retry(maxAttempts = 1)} sends the call once. Every
 * other retry rule still applies (retryable outcomes, idempotency, backoff within the deadline,
 * the retry budget). 1..5; checked when the proxy is created. Also honoured on Spring
 * {@code @HttpExchange} methods called through the Switchboard starter.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Retry {
  /** Attempts per call including the first, 1..5. */
  int maxAttempts();
}

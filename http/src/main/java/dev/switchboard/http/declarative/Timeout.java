package dev.switchboard.http.declarative;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A timeout for each call of a method (or, on an interface, of every method without its own),
 * tighter than the client's: {@code @Timeout("250ms")}. It bounds the whole call, retries and
 * hedges included, and is sent downstream as the remaining time like any deadline; the client's
 * timeout and an inbound deadline still apply when they are earlier. The text is a duration as
 * in configuration ({@code 250ms}, {@code 2s}, {@code PT0.5S}); a malformed or non-positive one
 * fails when the proxy is created, naming the method. Also honoured on Spring
 * {@code @HttpExchange} methods called through the Switchboard starter.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Timeout {
  /** The timeout, e.g. {@code "250ms"}. */
  String value();
}

package dev.switchboard.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface found by {@link EnableSwitchboardClients} as a bean calling the configured
 * client {@link #value()} ({@code switchboard.clients.<value>.*}). The interface is either a
 * Switchboard declarative interface ({@code @Get}, {@code @Post}, ...) or a Spring
 * {@code @HttpExchange} interface; both run through the client's pipeline and honour
 * {@code @Timeout}, {@code @Retry} and {@code @Idempotent}.
 *
 * <pre>{@code
 * @SwitchboardClient("users")
 * interface UserApi {
 *   @Get("/users/{id}") User get(@Path("id") String id);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SwitchboardClient {
  /** The configured client's name. */
  String value();
}

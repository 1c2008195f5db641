package dev.switchboard.spring.boot.demo;

import dev.switchboard.http.declarative.Retry;
import dev.switchboard.http.declarative.Timeout;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;

/** A Spring {@code @HttpExchange} interface, running through client {@code users-exchange}. */
public interface UsersExchange {
  @GetExchange("/users/{id}")
  User get(@PathVariable String id);

  @Timeout("150ms")                       // Switchboard's annotations work on @HttpExchange methods
  @GetExchange("/slow")
  User slow();

  @GetExchange("/flaky/{id}")
  User flaky(@PathVariable String id);

  @Retry(maxAttempts = 1)
  @GetExchange("/flaky/{id}")
  User flakyOnce(@PathVariable String id);
}

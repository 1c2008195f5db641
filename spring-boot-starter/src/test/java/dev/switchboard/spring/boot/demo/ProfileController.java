package dev.switchboard.spring.boot.demo;

import dev.switchboard.errors.ServiceCallException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The inbound side: each request's deadline and correlation id are bound by Switchboard's
 * servlet filter, so the calls below carry them with no code here.
 */
@RestController
public class ProfileController {
  private final UsersExchange exchange;
  private final UsersRest rest;
  private final UsersApi api;

  public ProfileController(UsersExchange exchange, UsersRest rest, UsersApi api) {
    this.exchange = exchange;
    this.rest = rest;
    this.api = api;
  }

  @GetMapping("/via-exchange/{id}")
  public User viaExchange(@PathVariable String id) {
    return exchange.get(id);
  }

  @GetMapping("/via-rest/{id}")
  public User viaRest(@PathVariable String id) {
    return rest.get(id);
  }

  @GetMapping("/via-declarative/{id}")
  public User viaDeclarative(@PathVariable String id) {
    return api.get(id);
  }

  @GetMapping("/via-exchange-slow")
  public User slow() {
    return exchange.slow();
  }

  /** A call that failed without an answer (deadline, no endpoints, ...): its kind, as a 502. */
  @ExceptionHandler(ServiceCallException.class)
  public ResponseEntity<String> failed(ServiceCallException e) {
    return ResponseEntity.status(502).body(e.kind().name());
  }
}

package dev.switchboard.spring.boot.demo;

import dev.switchboard.http.declarative.Get;
import dev.switchboard.http.declarative.Path;
import dev.switchboard.spring.boot.SwitchboardClient;

/** A Switchboard declarative interface, a bean thanks to {@code @EnableSwitchboardClients}. */
@SwitchboardClient("users-declarative")
public interface UsersApi {
  @Get("/users/{id}")
  User get(@Path("id") String id);
}

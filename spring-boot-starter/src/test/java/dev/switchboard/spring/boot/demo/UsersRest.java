package dev.switchboard.spring.boot.demo;

import dev.switchboard.spring.boot.SwitchboardRestClients;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** Plain {@code RestClient} code, sent through client {@code users-rest}. */
@Component
public class UsersRest {
  private final RestClient users;

  public UsersRest(SwitchboardRestClients switchboard) {
    this.users = switchboard.restClient("users-rest").build(); // base URL http://users-rest
  }

  public User get(String id) {
    return users.get().uri("/users/{id}", id).retrieve().body(User.class);
  }

  public String missing() {
    return users.get().uri("/missing").retrieve().body(String.class);
  }
}

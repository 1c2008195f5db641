package dev.switchboard.examples;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.examples.users.User;
import dev.switchboard.examples.users.UserService;
import dev.switchboard.examples.users.UserServiceClient;
import java.time.Duration;

/**
 * The README's usage example, runnable and tested ({@code QuickStartTest}). Keep the two in sync.
 */
public final class QuickStart {
  private QuickStart() {}

  /** Starts a local user-service, then creates and reads a user through Switchboard. */
  public static User run() throws Exception {
    try (UserService service = UserService.start(0)) {
      // --- README example starts here
      ServiceConfig config = ServiceConfig.of(service.baseUrl(), Duration.ofSeconds(2), 2);
      try (UserServiceClient users = new UserServiceClient(config)) {
        User created = users.createUser("grace@example.com", "Grace Hopper");
        User fetched = users.getUser(created.id());
        System.out.println("fetched " + fetched);
        return fetched;
      }
      // --- README example ends here
    }
  }

  public static void main(String[] args) throws Exception {
    run();
  }
}

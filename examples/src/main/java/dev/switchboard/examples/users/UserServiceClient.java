package dev.switchboard.examples.users;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.PathTemplate;
import java.util.concurrent.CompletableFuture;

/**
 * The seed's {@code UserServiceClient}: a typed client that extends {@link HttpServiceClient}.
 * Path variables are percent-encoded, so an id like {@code ../admin} stays one path segment.
 * Thread-safe; share one instance.
 *
 * <pre>{@code
 * try (UserServiceClient users = new UserServiceClient(ServiceConfig.of("http://user-service:8000"))) {
 *   User user = users.getUser("123");
 * }
 * }</pre>
 */
public class UserServiceClient extends HttpServiceClient {
  public UserServiceClient(ServiceConfig config) {
    super(config);
  }

  /** {@code GET /users/{id}}. */
  public User getUser(String id) {
    return get(PathTemplate.expand("/users/{id}", id), User.class);
  }

  /** Async {@link #getUser}. */
  public CompletableFuture<User> getUserAsync(String id) {
    return getAsync(PathTemplate.expand("/users/{id}", id), User.class);
  }

  /** {@code POST /users}. Not retried after it may have reached the server (POST is not idempotent). */
  public User createUser(String email, String name) {
    return post("/users", new NewUser(email, name), User.class);
  }

  /** Async {@link #createUser}. */
  public CompletableFuture<User> createUserAsync(String email, String name) {
    return postAsync("/users", new NewUser(email, name), User.class);
  }
}

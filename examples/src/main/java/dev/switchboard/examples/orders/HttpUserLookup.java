package dev.switchboard.examples.orders;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.examples.users.User;
import dev.switchboard.examples.users.UserServiceClient;

/** {@link UserLookup} over HTTP through the seed's {@link UserServiceClient}. Thread-safe. */
final class HttpUserLookup implements UserLookup {
  private final UserServiceClient client;

  HttpUserLookup(ServiceConfig config) {
    this.client = new UserServiceClient(config);
  }

  @Override
  public User findUser(String id) {
    return client.getUser(id);
  }

  @Override
  public String transport() {
    return "http";
  }

  UserServiceClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
  }
}

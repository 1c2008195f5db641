package dev.switchboard.examples.orders;

import dev.switchboard.examples.grpc.GrpcUserClient;
import dev.switchboard.examples.users.User;
import dev.switchboard.grpc.GrpcChannelOptions;

/** {@link UserLookup} over gRPC through {@link GrpcUserClient}. Thread-safe. */
final class GrpcUserLookup implements UserLookup {
  private final GrpcUserClient client;

  GrpcUserLookup(String target, GrpcChannelOptions options) {
    this.client = GrpcUserClient.connect(target, options);
  }

  @Override
  public User findUser(String id) {
    dev.switchboard.examples.grpc.proto.User u = client.getUser(id);
    return new User(u.getId(), u.getEmail(), u.getName());
  }

  @Override
  public String transport() {
    return "grpc";
  }

  @Override
  public void close() {
    client.close();
  }
}

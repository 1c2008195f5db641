package dev.switchboard.examples.grpc;

import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.examples.grpc.proto.CreateUserRequest;
import dev.switchboard.examples.grpc.proto.GetUserRequest;
import dev.switchboard.examples.grpc.proto.ListUsersRequest;
import dev.switchboard.examples.grpc.proto.User;
import dev.switchboard.examples.grpc.proto.UserServiceGrpc;
import dev.switchboard.grpc.GrpcChannelOptions;
import dev.switchboard.grpc.GrpcErrors;
import dev.switchboard.grpc.SwitchboardGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The order-service's view of users over gRPC: the seed's {@code UserServiceClient}
 * ({@code get_user}, {@code create_user}) on a Switchboard-configured grpc-java channel. Failures
 * surface as the same {@link ServiceCallException} the HTTP client throws, so callers handle both
 * transports alike. The bound {@code CallContext} (deadline, correlation, trace) propagates with
 * no code here. Thread-safe.
 *
 * <pre>{@code
 * try (GrpcUserClient users = GrpcUserClient.connect("static:127.0.0.1:9090", GrpcChannelOptions.defaults())) {
 *   User u = users.getUser("1");
 * }
 * }</pre>
 */
public final class GrpcUserClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final UserServiceGrpc.UserServiceBlockingStub stub;

  private GrpcUserClient(ManagedChannel channel) {
    this.channel = channel;
    this.stub = UserServiceGrpc.newBlockingStub(channel);
  }

  /** A client for the users at {@code target} (any Switchboard discovery target). */
  public static GrpcUserClient connect(String target, GrpcChannelOptions options) {
    return new GrpcUserClient(SwitchboardGrpc.channelBuilder(target, options).build());
  }

  /** The user with {@code id}; {@code CLIENT_ERROR} (status 5, NOT_FOUND) when unknown. */
  public User getUser(String id) {
    try {
      return stub.getUser(GetUserRequest.newBuilder().setId(id).build());
    } catch (StatusRuntimeException e) {
      throw GrpcErrors.toException(e);
    }
  }

  /** Creates a user. */
  public User createUser(String email, String name) {
    try {
      return stub.createUser(CreateUserRequest.newBuilder().setEmail(email).setName(name).build());
    } catch (StatusRuntimeException e) {
      throw GrpcErrors.toException(e);
    }
  }

  /** Up to {@code pageSize} users (0 = all), read from the server stream. */
  public List<User> listUsers(int pageSize) {
    List<User> out = new ArrayList<>();
    try {
      Iterator<User> it = stub.listUsers(ListUsersRequest.newBuilder().setPageSize(pageSize).build());
      it.forEachRemaining(out::add);
      return out;
    } catch (StatusRuntimeException e) {
      throw GrpcErrors.toException(e);
    }
  }

  /** The underlying channel, for other stubs. */
  public ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

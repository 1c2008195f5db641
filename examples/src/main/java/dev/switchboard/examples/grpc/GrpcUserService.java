package dev.switchboard.examples.grpc;

import dev.switchboard.examples.grpc.proto.CreateUserRequest;
import dev.switchboard.examples.grpc.proto.GetUserRequest;
import dev.switchboard.examples.grpc.proto.ListUsersRequest;
import dev.switchboard.examples.grpc.proto.User;
import dev.switchboard.examples.grpc.proto.UserServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed's user-service over gRPC, on an in-memory store: {@code GetUser}, {@code CreateUser}
 * and the server-streaming {@code ListUsers}. Thread-safe; ids are sequential decimal strings.
 */
public final class GrpcUserService extends UserServiceGrpc.UserServiceImplBase {
  private final ConcurrentSkipListMap<Long, User> users = new ConcurrentSkipListMap<>();
  private final Map<String, Long> byEmail = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);

  @Override
  public void getUser(GetUserRequest request, StreamObserver<User> response) {
    String id = request.getId();
    if (id.isEmpty()) {
      response.onError(Status.INVALID_ARGUMENT.withDescription("id is required").asRuntimeException());
      return;
    }
    User user = parseId(id) == null ? null : users.get(parseId(id));
    if (user == null) {
      response.onError(Status.NOT_FOUND.withDescription("no user with id " + id).asRuntimeException());
      return;
    }
    response.onNext(user);
    response.onCompleted();
  }

  @Override
  public void createUser(CreateUserRequest request, StreamObserver<User> response) {
    if (request.getEmail().isBlank() || request.getName().isBlank()) {
      response.onError(Status.INVALID_ARGUMENT.withDescription("email and name are required").asRuntimeException());
      return;
    }
    User user = create(request.getEmail(), request.getName());
    if (user == null) {
      response.onError(Status.ALREADY_EXISTS.withDescription("email already registered").asRuntimeException());
      return;
    }
    response.onNext(user);
    response.onCompleted();
  }

  @Override
  public void listUsers(ListUsersRequest request, StreamObserver<User> response) {
    ServerCallStreamObserver<User> out = (ServerCallStreamObserver<User>) response;
    int limit = request.getPageSize() == 0 ? Integer.MAX_VALUE : request.getPageSize();
    int sent = 0;
    for (User u : users.values()) {
      if (sent++ >= limit || out.isCancelled()) {
        break;
      }
      out.onNext(u);
    }
    out.onCompleted();
  }

  /** Creates a user; null when the email is taken. */
  public User create(String email, String name) {
    long id = nextId.getAndIncrement();
    if (byEmail.putIfAbsent(email, id) != null) {
      return null;
    }
    User user = User.newBuilder().setId(Long.toString(id)).setEmail(email).setName(name).build();
    users.put(id, user);
    return user;
  }

  /** Number of users stored. */
  public int size() {
    return users.size();
  }

  private static Long parseId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

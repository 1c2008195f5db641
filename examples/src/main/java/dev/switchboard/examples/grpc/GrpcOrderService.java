package dev.switchboard.examples.grpc;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.examples.grpc.proto.CreateOrderRequest;
import dev.switchboard.examples.grpc.proto.Order;
import dev.switchboard.examples.grpc.proto.OrderServiceGrpc;
import dev.switchboard.examples.orders.UserLookup;
import dev.switchboard.examples.users.User;
import dev.switchboard.grpc.GrpcErrors;
import dev.switchboard.grpc.SwitchboardGrpc;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The order-service over gRPC: {@code CreateOrder} looks the user up through a
 * {@link UserLookup} (HTTP or gRPC) and answers the order. It runs behind Switchboard's server
 * interceptor, so the user lookup carries the caller's shrinking deadline, correlation id and
 * trace with no code here; and a lookup that already failed after its retries is answered with
 * {@code grpc-retry-pushback-ms: -1}, so the caller does not retry it again.
 *
 * <p>Thread-safe.
 */
public final class GrpcOrderService extends OrderServiceGrpc.OrderServiceImplBase {
  private final UserLookup users;
  private final AtomicLong ids = new AtomicLong(1000);

  public GrpcOrderService(UserLookup users) {
    this.users = users;
  }

  /** Starts the service behind {@link SwitchboardGrpc#serverInterceptor()} on {@code host:port} (0 = free). */
  public static Server start(String host, int port, UserLookup users) throws IOException {
    return NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .addService(ServerInterceptors.intercept(new GrpcOrderService(users), SwitchboardGrpc.serverInterceptor()))
        .build()
        .start();
  }

  @Override
  public void createOrder(CreateOrderRequest request, StreamObserver<Order> response) {
    if (request.getUserId().isEmpty() || request.getItem().isEmpty()) {
      response.onError(Status.INVALID_ARGUMENT.withDescription("user_id and item are required").asRuntimeException());
      return;
    }
    User user;
    try {
      user = users.findUser(request.getUserId());
    } catch (ServiceCallException e) {
      response.onError(e.kind() == ErrorKind.CLIENT_ERROR
          ? Status.FAILED_PRECONDITION.withDescription("unknown user " + request.getUserId()).asRuntimeException()
          : GrpcErrors.toStatusRuntimeException(e));
      return;
    }
    response.onNext(Order.newBuilder().setId(Long.toString(ids.incrementAndGet())).setUserId(user.id())
        .setUserName(user.name()).setItem(request.getItem()).build());
    response.onCompleted();
  }
}

package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CallContext;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.examples.grpc.GrpcUserServer;
import dev.switchboard.examples.orders.NewOrder;
import dev.switchboard.examples.orders.Order;
import dev.switchboard.examples.orders.OrderService;
import dev.switchboard.examples.orders.UserLookup;
import dev.switchboard.examples.users.UserService;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.server.CallContextFilter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The order-service finds users over HTTP or gRPC, chosen like its command line does. */
class OrderServiceWithUsersOverEitherTransportTest {
  private UserService httpUsers;
  private GrpcUserServer grpcUsers;
  private String grpcUserId;
  private OrderService orders;
  private HttpServiceClient client;

  @BeforeEach
  void start() throws Exception {
    httpUsers = UserService.start(0); // seeded with user 123, Ada Lovelace
    grpcUsers = GrpcUserServer.startOnLoopback();
    grpcUserId = grpcUsers.service().create("ada@example.com", "Ada Lovelace").getId();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (orders != null) {
      orders.close();
    }
    httpUsers.close();
    grpcUsers.close();
  }

  private String openOrders(String transport) throws Exception {
    String target = transport.equals("grpc") ? "static:" + grpcUsers.address() : httpUsers.baseUrl();
    orders = OrderService.start(0, UserLookup.of(transport, target), List.of(new CallContextFilter()));
    client = new HttpServiceClient(ServiceConfig.builder().name("orders").baseUrl(orders.baseUrl())
        .timeout(Duration.ofSeconds(5)).build());
    return transport.equals("grpc") ? grpcUserId : "123";
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "grpc"})
  void anOrderCarriesTheUserFoundOverEitherTransport(String transport) throws Exception {
    String userId = openOrders(transport);
    assertThat(orders.users().transport()).isEqualTo(transport);
    Order order;
    try (CallContext.Scope s = CallContext.empty().withCorrelationId("order-" + transport).attach()) {
      order = client.post("/orders", new NewOrder(userId, "book"), Order.class);
    }
    assertThat(order.userName()).isEqualTo("Ada Lovelace");
    assertThat(order.userId()).isEqualTo(userId);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "grpc"})
  void anUnknownUserIsA422OverEitherTransport(String transport) throws Exception {
    openOrders(transport);
    assertThatThrownBy(() -> client.post("/orders", new NewOrder("999999", "book"), Order.class))
        .isInstanceOfSatisfying(ServiceCallException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CLIENT_ERROR);
          assertThat(e.getMessage()).contains("422");
        });
  }
}

package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.examples.orders.NewOrder;
import dev.switchboard.examples.orders.Order;
import dev.switchboard.examples.orders.OrderService;
import dev.switchboard.examples.users.User;
import dev.switchboard.examples.users.UserApi;
import dev.switchboard.examples.users.UserService;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.pipeline.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderServiceWithUserReplicasTest {
  private final List<UserService> replicas = new java.util.ArrayList<>();
  private OrderService orders;
  private HttpServiceClient ordersClient;

  @BeforeEach
  void start() throws Exception {
    for (int i = 0; i < 3; i++) {
      replicas.add(UserService.start(0));
    }
    String target = "static:" + String.join(",", replicas.stream().map(UserService::address).toList());
    // round robin, pinned: one test below checks its exact spread (the default is least_request)
    orders = OrderService.start(0, ServiceConfig.builder().name("users").target(target).balancer("round_robin")
        .build());
    ordersClient = new HttpServiceClient(ServiceConfig.builder().name("orders").baseUrl(orders.baseUrl())
        .timeout(Duration.ofSeconds(5)).build());
  }

  @AfterEach
  void stop() {
    ordersClient.close();
    orders.close();
    replicas.forEach(UserService::close);
  }

  @Test
  void orderServiceLooksUsersUpThroughTheTypedClient() {
    Order order = ordersClient.post("/orders", new NewOrder("123", "book"), Order.class);

    assertThat(order.userName()).isEqualTo("Ada Lovelace");
    assertThat(ordersClient.get("/orders/" + order.id(), Order.class)).isEqualTo(order);
  }

  @Test
  void unknownUserBecomesA422WhichTheCallerSeesAsClientError() {
    assertThatThrownBy(() -> ordersClient.post("/orders", new NewOrder("nobody", "book"), Order.class))
        .isInstanceOfSatisfying(ServiceCallException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CLIENT_ERROR);
          assertThat(e.getMessage()).contains("422").contains("service=orders").contains("POST /orders")
              .contains("correlation-id=");
        });
  }

  @Test
  void declarativeClientCoversEveryVerb() {
    String target = "static:" + replicas.get(0).address();
    try (UserApi api = HttpServiceClient.create(UserApi.class, ServiceConfig.target(target))) {
      User created = api.createUser(new dev.switchboard.examples.users.NewUser("k@example.com", "Kay"), "key-1");
      assertThat(api.getUser(created.id())).isEqualTo(created);
      assertThat(api.getUserAsync(created.id()).join()).isEqualTo(created);
      assertThat(api.findUsers("k@example.com")).containsExactly(created);
      User renamed = api.putUser(created.id(), new dev.switchboard.examples.users.NewUser("k@example.com", "Kay B"));
      assertThat(renamed.name()).isEqualTo("Kay B");
      Response health = api.health();
      assertThat(health.status()).isEqualTo(200);
      api.deleteUser(created.id());
      assertThatThrownBy(() -> api.getUser(created.id()))
          .isInstanceOfSatisfying(ServiceCallException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CLIENT_ERROR));
    }
  }

  @Test
  void roundRobinSpreadsCallsOverAllThreeReplicas() {
    List<Integer> ports = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ports.add(orders.usersClient().request("GET", "/users/123").exchange().endpoint().port());
    }
    assertThat(ports).containsOnly(replicas.stream().map(UserService::port).toArray(Integer[]::new));
    for (UserService r : replicas) {
      assertThat(ports.stream().filter(p -> p == r.port()).count()).isEqualTo(10);
    }
  }
}

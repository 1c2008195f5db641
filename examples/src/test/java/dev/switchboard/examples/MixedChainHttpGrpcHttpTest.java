package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.TraceContext;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.examples.grpc.GrpcOrderService;
import dev.switchboard.examples.grpc.proto.CreateOrderRequest;
import dev.switchboard.examples.grpc.proto.Order;
import dev.switchboard.examples.grpc.proto.OrderServiceGrpc;
import dev.switchboard.examples.orders.NewOrder;
import dev.switchboard.examples.orders.UserLookup;
import dev.switchboard.examples.server.JsonExchange;
import dev.switchboard.examples.users.User;
import dev.switchboard.examples.users.UserService;
import dev.switchboard.grpc.GrpcErrors;
import dev.switchboard.grpc.SwitchboardGrpc;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.server.CallContextFilter;
import dev.switchboard.time.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP gateway → gRPC orders → HTTP users, each hop on loopback behind Switchboard's server side
 * (CallContextFilter on the JDK HTTP servers, the gRPC server interceptor on orders) and calling
 * out through Switchboard's clients (HttpServiceClient, a Switchboard grpc-java channel).
 */
class MixedChainHttpGrpcHttpTest {
  /** What each hop saw: its bound context, with the remaining time measured on arrival. */
  record Seen(CallContext context, Duration remaining) {
    static Seen now() {
      CallContext c = CallContext.current();
      return new Seen(c, c.deadline().map(Deadline::remaining).orElse(null));
    }
  }

  private final ConcurrentLinkedQueue<Seen> atUsers = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Seen> atOrders = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Seen> atGateway = new ConcurrentLinkedQueue<>();
  private final AtomicInteger arrivedAtUsers = new AtomicInteger();
  private volatile boolean ordersOutlivesItsDeadline;
  private UserService users;
  private Server orders;
  private ManagedChannel toOrders;
  private HttpServer gateway;
  private HttpServiceClient client;

  @BeforeEach
  void start() throws Exception {
    Filter arrivals = new Filter() {
      @Override
      public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        arrivedAtUsers.incrementAndGet(); // before any Switchboard code: every request that reached users
        chain.doFilter(exchange);
      }

      @Override
      public String description() {
        return "counts arrivals";
      }
    };
    users = UserService.start(UserService.options()
        .filter(arrivals).filter(new CallContextFilter()).filter(recorder(atUsers)));
    UserLookup overHttp = UserLookup.http(ServiceConfig.builder().name("users").target("static:" + users.address()).build());
    UserLookup recording = new UserLookup() {
      @Override
      public User findUser(String id) {
        atOrders.add(Seen.now());
        if (ordersOutlivesItsDeadline) {
          // Slow work in orders: the caller's budget runs out before users is called.
          await().atMost(Duration.ofSeconds(5)).until(() -> CallContext.current().deadline().orElseThrow().isExpired());
        }
        return overHttp.findUser(id);
      }

      @Override
      public String transport() {
        return overHttp.transport();
      }

      @Override
      public void close() {
        overHttp.close();
      }
    };
    orders = GrpcOrderService.start("127.0.0.1", 0, recording);
    toOrders = SwitchboardGrpc.channelBuilder("static:127.0.0.1:" + orders.getPort()).build();
    OrderServiceGrpc.OrderServiceBlockingStub ordersStub = OrderServiceGrpc.newBlockingStub(toOrders);

    gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    gateway.setExecutor(Executors.newCachedThreadPool());
    var checkout = gateway.createContext("/checkout", ex -> {
      try (ex) {
        atGateway.add(Seen.now());
        NewOrder body = JsonExchange.read(ex, NewOrder.class);
        try {
          Order o = ordersStub.createOrder(CreateOrderRequest.newBuilder().setUserId(body.userId()).setItem(body.item()).build());
          JsonExchange.send(ex, 201, Map.of("id", o.getId(), "user", o.getUserName()));
        } catch (StatusRuntimeException e) {
          ServiceCallException failure = GrpcErrors.toException(e);
          JsonExchange.error(ex, failure.kind() == ErrorKind.DEADLINE_EXCEEDED ? 504 : 502, failure.kind().name());
        }
      }
    });
    checkout.getFilters().add(new CallContextFilter());
    gateway.start();
    client = new HttpServiceClient(ServiceConfig.builder().name("gateway")
        .baseUrl("http://127.0.0.1:" + gateway.getAddress().getPort()).timeout(Duration.ofSeconds(10)).build());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    gateway.stop(0);
    toOrders.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    orders.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    users.close();
  }

  private static Filter recorder(ConcurrentLinkedQueue<Seen> into) {
    return new Filter() {
      @Override
      public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        into.add(Seen.now());
        chain.doFilter(exchange);
      }

      @Override
      public String description() {
        return "records the bound context";
      }
    };
  }

  private static CallContext caller(Duration budget, TraceContext trace) {
    return CallContext.empty().withDeadline(Deadline.after(budget)).withCorrelationId("chain-1").withTrace(trace);
  }

  @Test
  void oneShrinkingDeadlineAndOneCorrelationAndTraceIdCrossAllThreeHops() {
    TraceContext trace = TraceContext.newRoot();
    Map<?, ?> answer;
    try (CallContext.Scope s = caller(Duration.ofSeconds(3), trace).attach()) {
      answer = client.post("/checkout", new NewOrder("123", "book"), Map.class);
    }
    assertThat(answer.get("user")).isEqualTo("Ada Lovelace");
    Seen g = atGateway.poll();
    Seen o = atOrders.poll();
    Seen u = atUsers.poll();
    for (Seen hop : new Seen[] {g, o, u}) {
      assertThat(hop.context().correlationId()).contains("chain-1");
      assertThat(hop.context().trace().orElseThrow().traceId()).isEqualTo(trace.traceId());
    }
    // Each hop's parent span is a different child span: a new span per attempt, same trace.
    assertThat(o.context().trace().orElseThrow().spanId()).isNotEqualTo(g.context().trace().orElseThrow().spanId());
    assertThat(u.context().trace().orElseThrow().spanId()).isNotEqualTo(o.context().trace().orElseThrow().spanId());
    // One budget, shrinking at every hop (margins and time spent are subtracted, never added).
    assertThat(g.remaining()).isLessThanOrEqualTo(Duration.ofSeconds(3)).isPositive();
    assertThat(o.remaining()).isLessThan(g.remaining()).isPositive();
    assertThat(u.remaining()).isLessThan(o.remaining()).isPositive();
  }

  @Test
  void anExpiredBudgetNeverReachesUsers() {
    // Warm the chain up (connections, class loading), so the short budget below is spent in orders.
    assertThat(client.post("/checkout", new NewOrder("123", "book"), Map.class).get("user")).isEqualTo("Ada Lovelace");
    atOrders.clear();
    atUsers.clear();
    arrivedAtUsers.set(0);
    ordersOutlivesItsDeadline = true;
    try (CallContext.Scope s = caller(Duration.ofMillis(1000), TraceContext.newRoot()).attach()) {
      assertThatThrownBy(() -> client.post("/checkout", new NewOrder("123", "book"), Map.class))
          .isInstanceOf(ServiceCallException.class);
    }
    // Orders was invoked and waited out its budget; it then refused the users call locally.
    await().atMost(Duration.ofSeconds(5)).until(() -> atOrders.size() == 1);
    assertThat(arrivedAtUsers.get()).isZero();
    assertThat(atUsers).isEmpty();
  }
}

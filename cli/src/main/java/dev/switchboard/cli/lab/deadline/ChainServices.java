package dev.switchboard.cli.lab.deadline;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.cli.naive.NaiveHttpClient;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CallContext;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.examples.grpc.GrpcOrderService;
import dev.switchboard.examples.grpc.proto.CreateOrderRequest;
import dev.switchboard.examples.grpc.proto.OrderServiceGrpc;
import dev.switchboard.examples.orders.NewOrder;
import dev.switchboard.examples.orders.UserLookup;
import dev.switchboard.examples.server.JsonExchange;
import dev.switchboard.examples.users.User;
import dev.switchboard.examples.users.UserService;
import dev.switchboard.grpc.GrpcErrors;
import dev.switchboard.grpc.SwitchboardGrpc;
import dev.switchboard.http.server.CallContextFilter;
import dev.switchboard.time.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The deadline chain on loopback: an HTTP gateway (JDK server behind {@link CallContextFilter})
 * calls the gRPC order-service (behind Switchboard's server interceptor) through a Switchboard
 * channel, and the order-service looks the user up in the HTTP user-service. Each hop records the
 * time it has left when the request arrives, then "works" for a set time. The order-service calls
 * users either through Switchboard (the deadline travels) or through the naive client with a
 * hard-coded timeout (the SRE book's counter-example). Thread-safe; settings are volatile.
 */
final class ChainServices implements AutoCloseable {
  /** What one hop saw: the call's correlation id and the milliseconds it had left on arrival. */
  record Arrival(String hop, String correlationId, double remainingMs) {}

  final Queue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
  final AtomicLong usersCalls = new AtomicLong();
  final AtomicLong usersCallsAfterDeadline = new AtomicLong();
  final AtomicLong usersCallsRefusedLocally = new AtomicLong();
  volatile Duration gatewayWork = Duration.ZERO;
  volatile Duration ordersWork = Duration.ZERO;
  volatile boolean propagate = true;

  private final UserService users;
  private final UserLookup switchboardUsers;
  private final NaiveHttpClient naiveUsers;
  private final Server orders;
  private final ManagedChannel toOrders;
  private final HttpServer gateway;
  private final ExecutorService gatewayThreads;

  ChainServices() throws IOException {
    users = UserService.start(UserService.options().filter(new CallContextFilter()).filter(recorder("users")));
    switchboardUsers = UserLookup.http(ServiceConfig.builder().name("users").target("static:" + users.address())
        .build());
    naiveUsers = new NaiveHttpClient(List.of(users.baseUrl()), Duration.ofSeconds(2), NaiveHttpClient.SEED_MAX_RETRIES);
    orders = GrpcOrderService.start("127.0.0.1", 0, new WorkingLookup());
    toOrders = SwitchboardGrpc.channelBuilder("static:127.0.0.1:" + orders.getPort()).build();
    OrderServiceGrpc.OrderServiceBlockingStub stub = OrderServiceGrpc.newBlockingStub(toOrders);
    gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    gatewayThreads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "chain-gateway");
      t.setDaemon(true);
      return t;
    });
    gateway.setExecutor(gatewayThreads);
    gateway.createContext("/checkout", ex -> checkout(ex, stub)).getFilters().add(new CallContextFilter());
    gateway.start();
  }

  String gatewayUrl() {
    return "http://127.0.0.1:" + gateway.getAddress().getPort();
  }

  private void checkout(HttpExchange ex, OrderServiceGrpc.OrderServiceBlockingStub stub) throws IOException {
    try (ex) {
      arrived("gateway");
      NewOrder body = JsonExchange.read(ex, NewOrder.class);
      work(gatewayWork);
      try {
        var order = stub.createOrder(CreateOrderRequest.newBuilder().setUserId(body.userId()).setItem(body.item()).build());
        JsonExchange.send(ex, 201, Map.of("id", order.getId(), "user", order.getUserName()));
      } catch (StatusRuntimeException e) {
        ServiceCallException failure = GrpcErrors.toException(e);
        JsonExchange.error(ex, failure.kind() == ErrorKind.DEADLINE_EXCEEDED ? 504 : 502, failure.kind().name());
      }
    }
  }

  /** The order-service's user lookup: record, work, then call users the configured way. */
  private final class WorkingLookup implements UserLookup {
    @Override
    public User findUser(String id) {
      arrived("orders");
      work(ordersWork);
      Deadline deadline = CallContext.current().deadline().orElse(null);
      boolean late = deadline != null && deadline.isExpired();
      if (propagate) {
        try {
          User user = switchboardUsers.findUser(id);
          count(late);
          return user;
        } catch (ServiceCallException e) {
          if (e.kind() == ErrorKind.DEADLINE_EXCEEDED && late) {
            usersCallsRefusedLocally.incrementAndGet(); // Switchboard did not send it: no time left
          }
          throw e;
        }
      }
      count(late);
      try {
        NaiveHttpClient.Result r = naiveUsers.get("/users/" + id);
        return JsonExchange.MAPPER.readValue(r.body(), User.class);
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("users lookup failed: " + e, e);
      }
    }

    private void count(boolean late) {
      usersCalls.incrementAndGet();
      if (late) {
        usersCallsAfterDeadline.incrementAndGet();
      }
    }

    @Override
    public String transport() {
      return "http";
    }

    @Override
    public void close() {
      switchboardUsers.close();
    }
  }

  private void arrived(String hop) {
    CallContext c = CallContext.current();
    arrivals.add(new Arrival(hop, c.correlationId().orElse("?"),
        c.deadline().map(d -> d.remainingNanos() / 1e6).orElse(Double.NaN)));
  }

  private Filter recorder(String hop) {
    return new Filter() {
      @Override
      public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        arrived(hop);
        chain.doFilter(exchange);
      }

      @Override
      public String description() {
        return "records the time left on arrival";
      }
    };
  }

  /** Simulated processing time of a hop (the experiment's workload, not a test wait). */
  private static void work(Duration d) {
    if (!d.isZero()) {
      try {
        TimeUnit.NANOSECONDS.sleep(d.toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    gateway.stop(0);
    gatewayThreads.shutdownNow();
    toOrders.shutdownNow();
    orders.shutdownNow();
    try {
      toOrders.awaitTermination(5, TimeUnit.SECONDS);
      orders.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    switchboardUsers.close();
    naiveUsers.close();
    users.close();
  }
}

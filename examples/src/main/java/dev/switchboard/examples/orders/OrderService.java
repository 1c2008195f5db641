package dev.switchboard.examples.orders;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.examples.server.JsonExchange;
import dev.switchboard.examples.users.User;
import dev.switchboard.examples.users.UserServiceClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed's order-service: {@code POST /orders} looks the user up through
 * {@link UserServiceClient} (as in the seed's "In Order Service" snippet) and stores the order;
 * {@code GET /orders/{id}} reads it back. Failures of the user-service map to clear answers:
 * unknown user → 422, user-service unavailable → 503, out of time → 504.
 *
 * <p>Thread-safe. Runnable: {@code OrderService <port> <users-target>}.
 */
public final class OrderService implements AutoCloseable {
  static {
    JsonExchange.enableNoDelay();
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final UserServiceClient users;
  private final Map<String, Order> orders = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(1000);

  private OrderService(int port, ServiceConfig usersConfig, List<Filter> filters) throws IOException {
    this.users = new UserServiceClient(usersConfig);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "order-service");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/orders", this::handle).getFilters().addAll(filters);
    server.start();
  }

  /** Starts an order-service on {@code port} (0 = any) calling users as {@code usersConfig} says. */
  public static OrderService start(int port, ServiceConfig usersConfig) throws IOException {
    return new OrderService(port, Objects.requireNonNull(usersConfig, "usersConfig"), List.of());
  }

  /** As {@link #start(int, ServiceConfig)}, with server filters (e.g. context propagation). */
  public static OrderService start(int port, ServiceConfig usersConfig, List<Filter> filters) throws IOException {
    return new OrderService(port, Objects.requireNonNull(usersConfig, "usersConfig"), List.copyOf(filters));
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The client this service uses to call the user-service. */
  public UserServiceClient usersClient() {
    return users;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      if (ex.getRequestMethod().equals("POST") && path.equals("/orders")) {
        create(ex);
      } else if (ex.getRequestMethod().equals("GET") && path.startsWith("/orders/")) {
        Order o = orders.get(JsonExchange.segment(path.substring("/orders/".length())));
        if (o == null) {
          JsonExchange.error(ex, 404, "no such order");
        } else {
          JsonExchange.send(ex, 200, o);
        }
      } else {
        JsonExchange.error(ex, 404, "no such resource");
      }
    }
  }

  private void create(HttpExchange ex) throws IOException {
    NewOrder body = JsonExchange.read(ex, NewOrder.class);
    if (body == null || body.userId() == null || body.item() == null) {
      JsonExchange.error(ex, 400, "body must be {\"userId\":..., \"item\":...}");
      return;
    }
    User user;
    try {
      user = users.getUser(body.userId()); // In Order Service: user = user_client.get_user(...)
    } catch (ServiceCallException e) {
      int status = e.kind() == ErrorKind.CLIENT_ERROR ? 422
          : e.kind() == ErrorKind.DEADLINE_EXCEEDED ? 504
          : 503;
      JsonExchange.error(ex, status, "user lookup failed: " + e.kind());
      return;
    }
    Order order = new Order(Long.toString(ids.incrementAndGet()), user.id(), user.name(), body.item());
    orders.put(order.id(), order);
    JsonExchange.send(ex, 201, order);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    users.close();
  }

  /** Runs an order-service: {@code OrderService [port] [users-target-or-url]}. */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8001;
    String users = args.length > 1 ? args[1] : "http://127.0.0.1:8000";
    ServiceConfig config = users.startsWith("http")
        ? ServiceConfig.builder().name("users").baseUrl(users).build()
        : ServiceConfig.builder().name("users").target(users).build();
    // The context filter binds each caller's correlation id, trace and deadline, so the call to
    // users carries them with no code in the handler.
    OrderService service = start(port, config, dev.switchboard.http.server.SwitchboardServerFilters.standard());
    System.out.println("order-service listening on " + service.baseUrl() + ", users at " + users);
    Runtime.getRuntime().addShutdownHook(new Thread(service::close));
    new java.util.concurrent.CountDownLatch(1).await();
  }
}

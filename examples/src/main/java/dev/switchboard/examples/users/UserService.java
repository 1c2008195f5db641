package dev.switchboard.examples.users;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.examples.server.JsonExchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed's user-service over HTTP/JSON: {@code GET/PUT/DELETE /users/{id}}, {@code POST /users},
 * {@code GET /users?email=}, and {@code GET /health}. In-memory, with optional simulated latency and
 * failure rate for demos. Runnable: {@code java ... UserService [port]}.
 *
 * <p>Thread-safe; each request runs on a pooled thread. Close to stop.
 */
public final class UserService implements AutoCloseable {
  static {
    JsonExchange.enableNoDelay();
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(100);
  private final Options options;
  private final SplittableRandom random;
  private volatile boolean healthy = true;

  private UserService(Options options) throws IOException {
    this.options = options;
    this.random = new SplittableRandom(options.seed);
    this.server = HttpServer.create(new InetSocketAddress(options.host, options.port), 128);
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "user-service-" + options.port);
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    var users = server.createContext("/users", this::handleUsers);
    users.getFilters().addAll(options.filters);
    var health = server.createContext("/health", this::handleHealth);
    health.getFilters().addAll(options.filters);
    seed();
    server.start();
  }

  /** Starts a user-service with {@code options}. */
  public static UserService start(Options options) throws IOException {
    return new UserService(Objects.requireNonNull(options, "options"));
  }

  /** Starts a user-service on {@code port} (0 = any free port) on 127.0.0.1. */
  public static UserService start(int port) throws IOException {
    return start(options().port(port));
  }

  /** Default options: 127.0.0.1, any free port, no latency, no failures. */
  public static Options options() {
    return new Options();
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return "http://" + options.host + ":" + port();
  }

  /** {@code 127.0.0.1:PORT}, for static: targets. */
  public String address() {
    return options.host + ":" + port();
  }

  /** Makes {@code /health} answer 503 (false) or 200 (true). */
  public void setHealthy(boolean healthy) {
    this.healthy = healthy;
  }

  private void seed() {
    users.put("123", new User("123", "ada@example.com", "Ada Lovelace"));
    users.put("124", new User("124", "alan@example.com", "Alan Turing"));
  }

  private void handleHealth(HttpExchange ex) throws IOException {
    JsonExchange.send(ex, healthy ? 200 : 503, Map.of("status", healthy ? "UP" : "DOWN"));
  }

  private void handleUsers(HttpExchange ex) throws IOException {
    try (ex) {
      simulate();
      if (options.failureRate > 0 && nextDouble() < options.failureRate) {
        JsonExchange.error(ex, 503, "simulated failure");
        return;
      }
      String path = ex.getRequestURI().getRawPath();
      String method = ex.getRequestMethod();
      String rest = path.length() > "/users".length() ? path.substring("/users/".length()) : "";
      if (rest.isEmpty()) {
        switch (method) {
          case "POST" -> create(ex);
          case "GET" -> list(ex);
          default -> JsonExchange.error(ex, 405, method + " not allowed on /users");
        }
        return;
      }
      if (rest.contains("/")) {
        JsonExchange.error(ex, 404, "no such resource");
        return;
      }
      String id = JsonExchange.segment(rest);
      switch (method) {
        case "GET" -> {
          User u = users.get(id);
          if (u == null) {
            JsonExchange.error(ex, 404, "user " + id + " not found");
          } else {
            JsonExchange.send(ex, 200, u);
          }
        }
        case "PUT" -> {
          NewUser body = JsonExchange.read(ex, NewUser.class);
          if (body == null || body.email() == null || body.name() == null) {
            JsonExchange.error(ex, 400, "body must be {\"email\":..., \"name\":...}");
            return;
          }
          User u = new User(id, body.email(), body.name());
          users.put(id, u);
          JsonExchange.send(ex, 200, u);
        }
        case "DELETE" -> JsonExchange.empty(ex, users.remove(id) == null ? 404 : 204);
        default -> JsonExchange.error(ex, 405, method + " not allowed on /users/{id}");
      }
    }
  }

  private void create(HttpExchange ex) throws IOException {
    NewUser body = JsonExchange.read(ex, NewUser.class);
    if (body == null || body.email() == null || body.name() == null) {
      JsonExchange.error(ex, 400, "body must be {\"email\":..., \"name\":...}");
      return;
    }
    String id = Long.toString(ids.incrementAndGet());
    User u = new User(id, body.email(), body.name());
    users.put(id, u);
    JsonExchange.send(ex, 201, u);
  }

  private void list(HttpExchange ex) throws IOException {
    String query = ex.getRequestURI().getRawQuery();
    String email = null;
    if (query != null) {
      for (String kv : query.split("&")) {
        if (kv.startsWith("email=")) {
          email = JsonExchange.segment(kv.substring(6));
        }
      }
    }
    List<User> out = new ArrayList<>();
    for (User u : users.values()) {
      if (email == null || email.equals(u.email())) {
        out.add(u);
      }
    }
    out.sort((a, b) -> a.id().compareTo(b.id()));
    JsonExchange.send(ex, 200, out);
  }

  /** Simulated work: the service's own latency, for demos and benchmarks (not a test wait). */
  private void simulate() {
    long min = options.minLatency.toNanos();
    long max = options.maxLatency.toNanos();
    if (max <= 0) {
      return;
    }
    long nanos = min + (long) (nextDouble() * (max - min));
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized double nextDouble() {
    return random.nextDouble();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Start options. Mutable builder-style; not thread-safe. */
  public static final class Options {
    private String host = "127.0.0.1";
    private int port;
    private Duration minLatency = Duration.ZERO;
    private Duration maxLatency = Duration.ZERO;
    private double failureRate;
    private long seed = 42;
    private final List<Filter> filters = new ArrayList<>();

    private Options() {}

    public Options host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    public Options port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** Simulated handling time, uniform in [min, max]. */
    public Options latency(Duration min, Duration max) {
      if (min.isNegative() || max.compareTo(min) < 0) {
        throw new IllegalArgumentException("latency needs 0 <= min <= max: " + min + ", " + max);
      }
      this.minLatency = min;
      this.maxLatency = max;
      return this;
    }

    /** Fraction of /users requests answered 503, in [0, 1]. */
    public Options failureRate(double rate) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("failureRate must be in [0, 1]: " + rate);
      }
      this.failureRate = rate;
      return this;
    }

    public Options seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** A server filter (e.g. Switchboard's context filter) for every route. */
    public Options filter(Filter filter) {
      this.filters.add(Objects.requireNonNull(filter, "filter"));
      return this;
    }
  }

  /** Runs a user-service: {@code UserService [port]}. */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
    // The context filter binds each caller's correlation id, trace and deadline for the handlers.
    Options options = options().port(port);
    dev.switchboard.http.server.SwitchboardServerFilters.standard().forEach(options::filter);
    UserService service = start(options);
    System.out.println("user-service listening on " + service.baseUrl());
    Runtime.getRuntime().addShutdownHook(new Thread(service::close));
    new java.util.concurrent.CountDownLatch(1).await();
  }
}

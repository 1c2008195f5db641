package dev.switchboard.admin;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.admin.internal.AdminHandler;
import dev.switchboard.telemetry.DestinationState;
import dev.switchboard.telemetry.DestinationStates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * An opt-in admin page showing every Switchboard client's live state: for each destination its
 * endpoints (address, zone, weight, health, ejection and how long it lasts, latency EWMA, in
 * flight, success rate), retry budget balance, breaker state, concurrency limit, hedge delay and
 * the last discovery update. The page refreshes itself; the same data is served as JSON at
 * {@code /state.json}. It runs on the JDK's {@code com.sun.net.httpserver.HttpServer}, with no web
 * framework, and reads {@link DestinationStates#all()} unless given its own list.
 *
 * <pre>{@code
 * AdminServer admin = AdminServer.builder().port(9901).start();   // http://127.0.0.1:9901/
 * }</pre>
 *
 * Or mount it on a {@code HttpServer} the application already runs: {@link #install(HttpServer, String)}.
 *
 * <p><b>Exposure.</b> It binds 127.0.0.1 by default, because the page shows internal addresses and
 * error details; binding elsewhere is an explicit choice ({@link Builder#bindAddress}). It is
 * read-only (GET and HEAD; anything else is 405) and serves a strict
 * {@code Content-Security-Policy}.
 *
 * <p><b>Threading:</b> requests are served by one small daemon thread; each reads the live state
 * (a snapshot per endpoint list). {@link #close()} stops the server.
 */
public final class AdminServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private AdminServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** A builder: 127.0.0.1, a free port, every registered destination, refreshing every 2 s. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Mounts the page on {@code server} under {@code path} (e.g. {@code "/switchboard"}), listing
   * {@link DestinationStates#all()}, refreshing every 2 s.
   *
   * @throws IllegalArgumentException if {@code path} does not start with {@code /}
   */
  public static void install(HttpServer server, String path) {
    Objects.requireNonNull(server, "server");
    String prefix = prefix(path);
    server.createContext(prefix.isEmpty() ? "/" : prefix,
        new AdminHandler(prefix, DestinationStates::all, Clock.systemUTC(), Builder.DEFAULT_REFRESH.toMillis()));
  }

  /** {@code http://host:port/}. */
  public String url() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().getHostAddress();
    return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort() + "/";
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops serving (waits up to a second for requests in progress). */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }

  private static String prefix(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("admin path must start with '/': \"" + path + "\"");
    }
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** Options. Not thread-safe. */
  public static final class Builder {
    static final Duration DEFAULT_REFRESH = Duration.ofSeconds(2);

    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private int port;
    private Supplier<List<DestinationState>> states = DestinationStates::all;
    private Duration refresh = DEFAULT_REFRESH;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The address to listen on; default 127.0.0.1 (loopback only). */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * The port; 0 (the default) picks a free one.
     *
     * @throws IllegalArgumentException outside 0..65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("admin port out of range 0..65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** What to list instead of every registered destination (e.g. {@code () -> List.of(client.state())}). */
    public Builder states(Supplier<List<DestinationState>> states) {
      this.states = Objects.requireNonNull(states, "states");
      return this;
    }

    /**
     * How often the page reloads the state; default 2 s.
     *
     * @throws IllegalArgumentException below 100 ms
     */
    public Builder refresh(Duration refresh) {
      Objects.requireNonNull(refresh, "refresh");
      if (refresh.compareTo(Duration.ofMillis(100)) < 0) {
        throw new IllegalArgumentException("admin refresh must be >= 100ms: " + refresh);
      }
      this.refresh = refresh;
      return this;
    }

    /** The clock that stamps each document (display only); default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Starts serving.
     *
     * @throws UncheckedIOException if the address cannot be bound (the message names it)
     */
    public AdminServer start() {
      InetSocketAddress address = new InetSocketAddress(bindAddress, port);
      HttpServer server;
      try {
        server = HttpServer.create(address, 16);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot bind the Switchboard admin page to " + address + ": " + e.getMessage(), e);
      }
      ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "switchboard-admin");
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(executor);
      server.createContext("/", new AdminHandler("", states, clock, refresh.toMillis()));
      server.start();
      return new AdminServer(server, executor);
    }
  }
}

package dev.switchboard.testing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * N {@link ScriptedServer} replicas of one service, each on its own free port: the fixture for
 * balancing, outlier ejection, health checking and hedging tests.
 *
 * <pre>{@code
 * try (ScriptedServers replicas = ScriptedServers.start(3)) {
 *   replicas.route("GET", "/users/{id}", Reply.json(200, "{}"));
 *   replicas.get(2).route("GET", "/users/{id}").reply(Reply.status(503)); // one goes bad
 *   String target = replicas.staticTarget(); // static:127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3
 *   // ... drive the client ...
 *   assertThat(replicas.requestCounts()).containsExactly(50, 50, 1);
 * }
 * }</pre>
 *
 * <p>Thread-safe (the list of replicas never changes; each replica is thread-safe).
 */
public final class ScriptedServers implements AutoCloseable, Iterable<ScriptedServer> {
  private final List<ScriptedServer> servers;

  private ScriptedServers(List<ScriptedServer> servers) {
    this.servers = List.copyOf(servers);
  }

  /** Starts {@code count} servers with default settings. */
  public static ScriptedServers start(int count) {
    return start(count, ScriptedServer.builder());
  }

  /** Starts {@code count} servers from {@code builder}; if one fails, those started are closed. */
  public static ScriptedServers start(int count, ScriptedServer.Builder builder) {
    if (count <= 0) {
      throw new IllegalArgumentException("count must be positive, was " + count);
    }
    Objects.requireNonNull(builder, "builder");
    List<ScriptedServer> started = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        started.add(builder.start());
      }
    } catch (RuntimeException e) {
      started.forEach(ScriptedServer::close);
      throw e;
    }
    return new ScriptedServers(started);
  }

  /** Replica {@code index}, in start order. */
  public ScriptedServer get(int index) {
    return servers.get(index);
  }

  public int size() {
    return servers.size();
  }

  public List<ScriptedServer> servers() {
    return servers;
  }

  @Override
  public Iterator<ScriptedServer> iterator() {
    return servers.iterator();
  }

  /** Scripts the same reply for a route on every replica. */
  public ScriptedServers route(String method, String pathTemplate, Reply reply) {
    return each(s -> s.route(method, pathTemplate).reply(reply));
  }

  /** Runs {@code action} on every replica, in order. */
  public ScriptedServers each(Consumer<ScriptedServer> action) {
    servers.forEach(action);
    return this;
  }

  /** {@code static:127.0.0.1:p1,127.0.0.1:p2,...}, for the {@code static:} discovery scheme. */
  public String staticTarget() {
    return "static:" + String.join(",", endpointAddresses());
  }

  /** {@code 127.0.0.1:PORT} of each replica, in order. */
  public List<String> endpointAddresses() {
    return servers.stream().map(ScriptedServer::endpointAddress).collect(Collectors.toList());
  }

  /** Requests received by each replica, in order. */
  public List<Integer> requestCounts() {
    return servers.stream().map(ScriptedServer::requestCount).collect(Collectors.toList());
  }

  public int totalRequestCount() {
    return servers.stream().mapToInt(ScriptedServer::requestCount).sum();
  }

  /** Aborted exchanges summed over the replicas. */
  public long abortedExchanges() {
    return servers.stream().mapToLong(ScriptedServer::abortedExchanges).sum();
  }

  /** {@link ScriptedServer#clear() Clears} every replica. */
  public void clear() {
    servers.forEach(ScriptedServer::clear);
  }

  /** Closes every replica. */
  @Override
  public void close() {
    servers.forEach(ScriptedServer::close);
  }

  @Override
  public String toString() {
    return "ScriptedServers" + endpointAddresses();
  }
}

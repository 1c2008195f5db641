package dev.switchboard.cli.lab.defaults;

import dev.switchboard.cli.lab.storm.Layer;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.server.SwitchboardServerFilters;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import dev.switchboard.testing.ScriptedServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The hung-replica, outage and three-layer scenarios of {@code lab defaults}: each builds its
 * servers, runs one client configured by target and timeout only (plus what the arm names) and
 * returns what it measured. Everything it starts is stopped before it returns.
 */
final class HungAndOutageScenarios {
  static final Duration TIMEOUT = Duration.ofSeconds(1);
  static final int CALLERS = 8;
  static final Duration LIMIT = Duration.ofMinutes(5);

  private HungAndOutageScenarios() {}

  /** One arm of the hung-replica scenario. */
  record HungResult(String arm, ClosedLoop loop, int hungAttempts) {}

  /**
   * 11 replicas, one accepts and never answers from the first call (a cold start), {@code calls}
   * calls by 8 callers with a 1 s timeout, a fresh client per arm.
   */
  static HungResult hung(String arm, int calls, UnaryOperator<ServiceConfig.Builder> configure) throws Exception {
    try (ScriptedServers replicas = ScriptedServers.start(11, ScriptedServer.builder().maxConnections(4096))) {
      replicas.route("GET", "/users/{id}", Reply.json(200, "{\"id\":1}"));
      replicas.get(4).route("GET", "/users/{id}").reply(Reply.neverAnswer());
      ServiceConfig config = configure.apply(ServiceConfig.builder().name("users").target(replicas.staticTarget())
          .timeout(TIMEOUT)).build();
      try (HttpServiceClient client = new HttpServiceClient(config)) {
        ClosedLoop loop = ClosedLoop.run(calls, CALLERS, LIMIT, i -> client.request("GET", "/users/" + i).exchange());
        return new HungResult(arm, loop, replicas.get(4).requestCount());
      }
    }
  }

  /** One arm of the outage scenario: requests on the wire for {@code calls} calls. */
  record OutageResult(String arm, ClosedLoop loop, int requests) {}

  /** Three replicas all answering 503 to {@code calls} calls. */
  static OutageResult outage(String arm, int calls, RetryBudgetPolicy budget) throws Exception {
    try (ScriptedServers replicas = ScriptedServers.start(3)) {
      replicas.route("GET", "/x", Reply.status(503));
      ServiceConfig config = ServiceConfig.builder().name("outage").target(replicas.staticTarget())
          .timeout(TIMEOUT).retryBudget(budget).build();
      try (HttpServiceClient client = new HttpServiceClient(config)) {
        ClosedLoop loop = ClosedLoop.run(calls, CALLERS, LIMIT, i -> client.request("GET", "/x").exchange());
        return new OutageResult(arm, loop, replicas.totalRequestCount());
      }
    }
  }

  /** One arm of the chain scenario: requests each layer received for {@code calls} top calls. */
  record ChainResult(String arm, ClosedLoop loop, long frontend, long backend, int leaf) {}

  /**
   * caller → frontend → backend → leaf, each service behind {@link SwitchboardServerFilters} and
   * calling the next with an {@link HttpServiceClient} of the given budget; the leaf answers 503.
   */
  static ChainResult chain(String arm, int calls, RetryBudgetPolicy budget) throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    try (ScriptedServer leaf = ScriptedServer.start()) {
      leaf.route("GET", "/users/{id}").reply(Reply.status(503));
      Layer backend = layer("backend", leaf.endpointAddress(), budget, open);
      Layer frontend = layer("frontend", backend.address(), budget, open);
      HttpServiceClient top = client(frontend.address(), budget, open);
      ClosedLoop loop = ClosedLoop.run(calls, CALLERS, LIMIT, i -> top.request("GET", "/users/" + i).exchange());
      return new ChainResult(arm, loop, frontend.received(), backend.received(), leaf.requestCount());
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  private static Layer layer(String name, String next, RetryBudgetPolicy budget, List<AutoCloseable> open)
      throws Exception {
    HttpServiceClient client = client(next, budget, open);
    Layer layer = new Layer(name, SwitchboardServerFilters.standard(), path -> {
      try {
        return client.request("GET", path).exchange().status() / 100 == 2;
      } catch (ServiceCallException e) {
        return false;
      }
    });
    open.add(layer);
    return layer;
  }

  private static HttpServiceClient client(String address, RetryBudgetPolicy budget, List<AutoCloseable> open) {
    HttpServiceClient client = new HttpServiceClient(ServiceConfig.builder().name(address)
        .target("static:" + address).timeout(TIMEOUT).retryBudget(budget).build());
    open.add(client);
    return client;
  }

  /**
   * Round robin without hedging or throttle, the closest arm to the defaults before issue 17 (stuck
   * attempts now count against their replica and connectivity tracking is on, so it does better
   * than those did: 94.7%).
   */
  static ServiceConfig.Builder before(ServiceConfig.Builder b) {
    return b.balancer("round_robin").hedgingPolicy(HedgingPolicy.disabled())
        .retryBudget(RetryBudgetPolicy.builder().noThrottle().build());
  }
}

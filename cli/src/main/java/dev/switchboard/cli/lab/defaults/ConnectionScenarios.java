package dev.switchboard.cli.lab.defaults;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.BlackHole;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServers;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Retry-After, kill and black-hole scenarios of {@code lab defaults}. Everything a scenario
 * starts is stopped before it returns.
 */
final class ConnectionScenarios {
  private ConnectionScenarios() {}

  /** Requests each of the two healthy replicas got while a third answered 429 {@code Retry-After: 2}. */
  record RetryAfterResult(String balancer, ClosedLoop loop, int pushingBack, int first, int second) {
    double firstShare() {
      return 100.0 * first / Math.max(1, first + second);
    }
  }

  static RetryAfterResult retryAfter(String balancer, int calls) throws Exception {
    try (ScriptedServers replicas = ScriptedServers.start(3)) {
      replicas.route("GET", "/x", Reply.ok("ok"));
      replicas.get(0).route("GET", "/x").reply(Reply.status(429).header("Retry-After", "2"));
      ServiceConfig.Builder b = ServiceConfig.builder().name("retry-after").target(replicas.staticTarget())
          .timeout(HungAndOutageScenarios.TIMEOUT);
      try (HttpServiceClient client = new HttpServiceClient(balancer == null ? b.build() : b.balancer(balancer).build())) {
        ClosedLoop loop = ClosedLoop.run(calls, HungAndOutageScenarios.CALLERS, HungAndOutageScenarios.LIMIT,
            i -> client.request("GET", "/x").exchange());
        return new RetryAfterResult(balancer == null ? "defaults (least_request)" : balancer, loop,
            replicas.get(0).requestCount(), replicas.get(1).requestCount(), replicas.get(2).requestCount());
      }
    }
  }

  /** Calls lost when one of three replicas is closed (every connection dropped, the port refused) under load. */
  static ClosedLoop kill(int calls) throws Exception {
    try (ScriptedServers replicas = ScriptedServers.start(3)) {
      replicas.route("GET", "/x", Reply.ok("ok"));
      ServiceConfig config = ServiceConfig.builder().name("kill").target(replicas.staticTarget())
          .timeout(HungAndOutageScenarios.TIMEOUT).build();
      AtomicInteger started = new AtomicInteger();
      try (HttpServiceClient client = new HttpServiceClient(config)) {
        return ClosedLoop.run(calls, HungAndOutageScenarios.CALLERS, HungAndOutageScenarios.LIMIT, i -> {
          if (started.incrementAndGet() == calls / 3) {
            replicas.get(2).close();
          }
          client.request("GET", "/x").exchange();
        });
      }
    }
  }

  /**
   * A black-holed endpoint among four replicas from a cold start: lost calls, and when it left
   * rotation (not connectable, or ejected, whichever came first).
   */
  record BlackHoleResult(ClosedLoop loop, long outAfterMillis, int attemptsToHole) {}

  static BlackHoleResult blackHole(int calls) throws Exception {
    AtomicLong down = new AtomicLong(Long.MIN_VALUE); // nanoTime readings may be negative
    AtomicInteger toHole = new AtomicInteger();
    try (ScriptedServers replicas = ScriptedServers.start(4); BlackHole hole = BlackHole.start()) {
      replicas.route("GET", "/x", Reply.ok("ok"));
      TelemetryListener listener = new TelemetryListener() {
        @Override
        public void onHealthChange(String service, Endpoint endpoint, boolean healthy, String reason) {
          if (!healthy && endpoint.sameAddress(hole.endpoint())) {
            down.compareAndSet(Long.MIN_VALUE, System.nanoTime());
          }
        }

        @Override
        public void onEjection(String service, Endpoint endpoint, String reason, java.time.Duration duration) {
          if (endpoint.sameAddress(hole.endpoint())) {
            down.compareAndSet(Long.MIN_VALUE, System.nanoTime());
          }
        }

        @Override
        public void onAttemptStart(dev.switchboard.telemetry.CallInfo call, Endpoint endpoint, int attempt, boolean hedge) {
          if (endpoint.sameAddress(hole.endpoint())) {
            toHole.incrementAndGet();
          }
        }
      };
      ServiceConfig config = ServiceConfig.builder().name("black-hole")
          .target(replicas.staticTarget() + "," + hole.endpointAddress())
          .timeout(HungAndOutageScenarios.TIMEOUT).telemetry(listener).build();
      try (HttpServiceClient client = new HttpServiceClient(config)) {
        long start = System.nanoTime();
        ClosedLoop loop = ClosedLoop.run(calls, HungAndOutageScenarios.CALLERS, HungAndOutageScenarios.LIMIT,
            i -> client.request("GET", "/x").exchange());
        long out = down.get() == Long.MIN_VALUE ? -1 : (down.get() - start) / 1_000_000;
        return new BlackHoleResult(loop, out, toHole.get());
      }
    }
  }
}

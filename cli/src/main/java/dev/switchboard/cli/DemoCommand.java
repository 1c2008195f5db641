package dev.switchboard.cli;

import dev.switchboard.balancer.LoadBalancerPolicies;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.examples.orders.NewOrder;
import dev.switchboard.examples.orders.Order;
import dev.switchboard.examples.orders.OrderService;
import dev.switchboard.examples.users.UserService;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.server.SwitchboardServerFilters;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard demo}: three user-service replicas on loopback (one slower, one flaky), an
 * order-service that finds them through {@code static:} discovery, and a few hundred orders. It
 * prints what each replica saw: requests, p50, p99 and errors, plus what the caller saw.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run three user-service replicas and an order-service on loopback, send orders, print a per-replica table.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--requests", description = "Orders to send. Default: ${DEFAULT-VALUE}", defaultValue = "300")
  int requests;

  @Option(names = "--concurrency", description = "Callers in parallel. Default: ${DEFAULT-VALUE}", defaultValue = "8")
  int concurrency;

  @Option(names = "--balancer", description = "Load balancing policy for order-service -> users. Default: ${DEFAULT-VALUE}",
      defaultValue = "round_robin")
  String balancer;

  @Option(names = "--warmup", description = "Unmeasured orders sent first, so the JIT has warmed up. Default: ${DEFAULT-VALUE}",
      defaultValue = "200")
  int warmup;

  @Option(names = "--seed", description = "Seed for simulated latency and failures. Default: ${DEFAULT-VALUE}", defaultValue = "7")
  long seed;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (requests < 1 || requests > 1_000_000) {
      throw usage("--requests must be 1..1000000: " + requests);
    }
    if (warmup < 0 || warmup > 1_000_000) {
      throw usage("--warmup must be 0..1000000: " + warmup);
    }
    if (concurrency < 1 || concurrency > 256) {
      throw usage("--concurrency must be 1..256: " + concurrency);
    }
    try {
      LoadBalancerPolicies.forName(balancer);
    } catch (IllegalArgumentException e) {
      throw usage("--balancer: " + e.getMessage());
    }
    run(System.out);
    return 0;
  }

  void run(PrintStream out) throws Exception {
    List<UserService> replicas = new ArrayList<>();
    Map<String, String> labels = new LinkedHashMap<>();
    ReplicaStats stats = new ReplicaStats();
    try {
      replicas.add(UserService.start(withFilters(UserService.options().latency(ms(1), ms(3)).seed(seed))));
      replicas.add(UserService.start(withFilters(UserService.options().latency(ms(1), ms(3)).failureRate(0.05).seed(seed + 1))));
      replicas.add(UserService.start(withFilters(UserService.options().latency(ms(6), ms(14)).seed(seed + 2))));
      String[] names = {"users-1", "users-2 (5% 503s)", "users-3 (slow)"};
      for (int i = 0; i < replicas.size(); i++) {
        labels.put(replicas.get(i).address(), names[i].split(" ")[0]);
      }
      String target = "static:" + String.join(",", replicas.stream().map(UserService::address).toList());
      ServiceConfig usersConfig = ServiceConfig.builder().name("users").target(target).balancer(balancer)
          .timeout(Duration.ofSeconds(2)).telemetry(stats).build();
      try (OrderService orders = OrderService.start(0, usersConfig, SwitchboardServerFilters.standard());
           HttpServiceClient client = new HttpServiceClient(ServiceConfig.builder().name("orders")
               .baseUrl(orders.baseUrl()).timeout(Duration.ofSeconds(5)).maxRetries(0).build())) {
        out.printf("Switchboard demo: order-service -> %d user-service replicas via %s, balancer %s%n",
            replicas.size(), target, balancer);
        for (int i = 0; i < names.length; i++) {
          out.printf("  %-18s %s%n", names[i], replicas.get(i).address());
        }
        if (warmup > 0) {
          out.printf("Warming up with %d orders (not measured)...%n", warmup);
          send(client, warmup, new ConcurrentHistogram(3), new LongAdder(), new java.util.concurrent.ConcurrentHashMap<>());
          stats.reset();
        }
        out.printf("Sending %d orders with %d callers...%n%n", requests, concurrency);
        drive(client, out, stats);
        out.println();
        stats.print(out, labels);
      }
    } finally {
      replicas.forEach(UserService::close);
    }
  }

  private void drive(HttpServiceClient client, PrintStream out, ReplicaStats stats) throws Exception {
    ConcurrentHistogram latency = new ConcurrentHistogram(3);
    LongAdder ok = new LongAdder();
    Map<String, LongAdder> failures = new java.util.concurrent.ConcurrentHashMap<>();
    send(client, requests, latency, ok, failures);
    out.printf("orders: %d ok, %d failed%s; caller p50 %.2f ms, p99 %.2f ms%n", ok.sum(),
        failures.values().stream().mapToLong(LongAdder::sum).sum(), failures.isEmpty() ? "" : " " + failures,
        latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0);
    out.printf("order-service -> users: %d replica errors, %d retries (each to a different replica)%n",
        stats.errors(), stats.retries());
  }

  private picocli.CommandLine.ParameterException usage(String message) {
    return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** Sends {@code count} orders from {@code concurrency} callers, recording latency and outcomes. */
  private void send(HttpServiceClient client, int count, ConcurrentHistogram latency, LongAdder ok,
      Map<String, LongAdder> failures) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String userId = i % 2 == 0 ? "123" : "124";
        futures.add(pool.submit(() -> {
          long start = System.nanoTime();
          try {
            client.post("/orders", new NewOrder(userId, "book"), Order.class);
            ok.increment();
          } catch (ServiceCallException e) {
            failures.computeIfAbsent(e.kind().name(), k -> new LongAdder()).increment();
          }
          latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every demo server binds inbound context (deadline, ids) and answers cross-hop pushback. */
  private static UserService.Options withFilters(UserService.Options options) {
    SwitchboardServerFilters.standard().forEach(options::filter);
    return options;
  }

  private static Duration ms(long ms) {
    return Duration.ofMillis(ms);
  }
}

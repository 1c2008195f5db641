package dev.switchboard.benchmarks;

import dev.switchboard.balancer.BalancerContext;
import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.balancer.EndpointStats;
import dev.switchboard.balancer.EndpointStatsRegistry;
import dev.switchboard.balancer.LoadBalancer;
import dev.switchboard.balancer.LoadBalancerPolicies;
import dev.switchboard.balancer.PickContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.time.Timer;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The hot-path cost of {@code Picker.pick} for each policy at 10, 100 and 10,000 endpoints, with
 * the full health layer in place (zone map, back-off and slow-start checks) and realistic
 * statistics: every endpoint has a latency sample and some requests in flight.
 *
 * <pre>
 * ./mvnw -q package -pl benchmarks -am -DskipTests
 * java -jar benchmarks/target/benchmarks.jar PickBenchmark -f 1 -wi 2 -i 3 -w 1 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PickBenchmark {
  @Param({"round_robin", "weighted_round_robin", "random", "least_request", "peak_ewma", "ring_hash"})
  public String policy;

  @Param({"10", "100", "10000"})
  public int endpoints;

  private LoadBalancer balancer;
  private PickContext[] contexts;
  private int next;

  /** Thread-safe random as in production. */
  private static final RandomGenerator RANDOM = new RandomGenerator() {
    @Override
    public long nextLong() {
      return ThreadLocalRandom.current().nextLong();
    }
  };

  @Setup(Level.Trial)
  public void setUp() {
    EndpointStatsRegistry stats = new EndpointStatsRegistry(Ticker.system(), Duration.ofSeconds(10));
    BalancingPolicy options = BalancingPolicy.builder().policy(policy).build();
    balancer = LoadBalancerPolicies.forName(policy).newBalancer(new BalancerContext(
        "bench", stats, Ticker.system(), RANDOM, Timer.system(), TelemetryListener.NOOP, options));
    List<Endpoint> list = new ArrayList<>();
    for (int i = 0; i < endpoints; i++) {
      list.add(Endpoint.of("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), 8080));
    }
    EndpointSet set = EndpointSet.of(list);
    balancer.update(set);
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (Endpoint e : list) {
      EndpointStats s = stats.of(e);
      s.onStart();
      s.onEnd(Duration.ofMillis(20 + r.nextInt(20)).toNanos(), false);
      for (int k = r.nextInt(3); k > 0; k--) {
        s.onStart(); // leave some in flight
      }
    }
    contexts = new PickContext[1024];
    for (int i = 0; i < contexts.length; i++) {
      contexts[i] = new PickContext(List.of(), "key-" + i, "");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    balancer.close();
  }

  @Benchmark
  public Endpoint pick() {
    return balancer.picker().pick(contexts[next++ & 1023]);
  }
}

package dev.switchboard.benchmarks;

import dev.switchboard.balancer.BalancerContext;
import dev.switchboard.balancer.EndpointStatsRegistry;
import dev.switchboard.balancer.LoadBalancer;
import dev.switchboard.balancer.LoadBalancerPolicies;
import dev.switchboard.balancer.PickContext;
import dev.switchboard.discovery.AbstractEndpointSource;
import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.EndpointListener;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.time.Timer;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long a discovery update of {@code size} endpoints takes to reach a new picker: the source
 * publishes (listener fan-out, telemetry), the balancer rebuilds its picker and the first pick is
 * made from it. The target is under 50 ms for 10,000 endpoints.
 *
 * <ul>
 *   <li>{@code publishPrebuiltSet}: the set already exists (what a source hands over);
 *   <li>{@code buildSetAndPublish}: also builds the {@link EndpointSet} from a list, with the
 *       duplicate-address collapse that every provider pays after reading its registry.
 * </ul>
 *
 * Two sets alternate so that every update is a real change (equal sets are not re-sent).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DiscoveryUpdateBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DiscoveryUpdateBenchmark {
  @Param({"10000"})
  int size;

  private List<Endpoint> listA;
  private List<Endpoint> listB;
  private EndpointSet setA;
  private EndpointSet setB;
  private PushSource source;
  private LoadBalancer balancer;
  private boolean flip;

  /** A source the benchmark drives directly, through the same publish path as every provider. */
  static final class PushSource extends AbstractEndpointSource {
    PushSource(DiscoveryEnvironment environment) {
      super(DiscoveryTarget.parse("bench:///users"), environment);
    }

    void push(EndpointSet endpoints) {
      publish(endpoints);
    }

    @Override
    protected void doClose() {}
  }

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    listA = endpoints(0, random);
    listB = endpoints(1, random);
    setA = EndpointSet.of(listA);
    setB = EndpointSet.of(listB);
    balancer = LoadBalancerPolicies.roundRobin().newBalancer(new BalancerContext("users",
        new EndpointStatsRegistry(), Ticker.system(), new SplittableRandom(7), Timer.system(),
        TelemetryListener.NOOP));
    source = new PushSource(DiscoveryEnvironment.defaults());
    source.subscribe(new EndpointListener() {
      @Override
      public void onUpdate(EndpointSet endpoints) {
        balancer.update(endpoints);
      }
    });
  }

  /** {@code size} endpoints on distinct addresses; {@code variant} shifts a tenth of them. */
  private List<Endpoint> endpoints(int variant, SplittableRandom random) {
    List<Endpoint> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      int shifted = i % 10 == 0 ? i + variant * size : i;
      String host = "10." + (shifted >> 16 & 0xff) + "." + (shifted >> 8 & 0xff) + "." + (shifted & 0xff);
      out.add(new Endpoint(host, 8080, 1 + random.nextInt(100), "zone-" + (i % 3), Map.of("version", "1")));
    }
    return out;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    source.close();
    balancer.close();
  }

  @Benchmark
  public Endpoint publishPrebuiltSet() {
    flip = !flip;
    source.push(flip ? setA : setB);
    return balancer.picker().pick(PickContext.none());
  }

  @Benchmark
  public Endpoint buildSetAndPublish() {
    flip = !flip;
    source.push(EndpointSet.of(flip ? listA : listB));
    return balancer.picker().pick(PickContext.none());
  }
}

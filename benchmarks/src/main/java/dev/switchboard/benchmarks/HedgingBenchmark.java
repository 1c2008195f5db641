package dev.switchboard.benchmarks;

import dev.switchboard.client.Destination;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.pipeline.CallPipeline;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.pipeline.ResponseClassifier;
import dev.switchboard.pipeline.Transport;
import dev.switchboard.policy.HedgeDelay;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-call cost of hedging on the path every call takes (the answer comes before the delay):
 *
 * <ul>
 *   <li>{@code recordLatency} / {@code recordLatencyTwoThreads}: one sample into the adaptive
 *       delay's lock-free sliding histogram (one CAS), alone and with two threads contending.
 *   <li>{@code currentDelay}: reading the adaptive delay (a volatile read; one caller per 100 ms
 *       recomputes the percentile).
 *   <li>{@code hedgedCall} vs {@code retriedCall}: one call through the whole pipeline with the
 *       hedging engine (serial queue, hedge timer armed on the timing wheel and cancelled, latency
 *       recorded) and with the plain retry engine, over a transport whose answer arrives
 *       asynchronously, right after the call went out. The difference is hedging's own cost.
 * </ul>
 *
 * Run: {@code java -jar benchmarks/target/benchmarks.jar HedgingBenchmark -f 1 -wi 2 -i 3 -w 1 -r 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class HedgingBenchmark {
  private static final String TARGET = "static:127.0.0.1:1,127.0.0.1:2,127.0.0.1:3";

  private final Request request = Request.builder("GET", "/users/123").build();
  private HedgeDelay delay;
  private Destination hedgedDestination;
  private Destination retriedDestination;
  private CallPipeline hedged;
  private CallPipeline retried;

  /** One in-flight answer per benchmark thread. */
  @State(Scope.Thread)
  public static class Pending {
    CompletableFuture<Response> next;
  }

  @Setup(Level.Trial)
  public void setUp() {
    HedgingPolicy policy = HedgingPolicy.adaptive(95);
    delay = HedgeDelay.create(policy, Ticker.system());
    for (int i = 0; i < 1000; i++) {
      delay.record(ThreadLocalRandom.current().nextLong(1_000_000, 5_000_000));
    }
    ServiceConfig retries = ServiceConfig.builder().name("bench").target(TARGET).timeout(Duration.ofDays(1))
        .retryPolicy(RetryPolicy.defaults()).build();
    ServiceConfig hedging = retries.toBuilder().hedgingPolicy(policy).build();
    hedgedDestination = Destination.open(hedging);
    retriedDestination = Destination.open(retries);
    hedged = pipeline(hedging, hedgedDestination);
    retried = pipeline(retries, retriedDestination);
  }

  private static CallPipeline pipeline(ServiceConfig config, Destination destination) {
    return CallPipeline.assemble(config.name(), config.timeout(), config.filters(), config.policies(), destination,
        PENDING, ResponseClassifier.httpStatus());
  }

  /**
   * Hands each attempt's future to the benchmark thread, which answers it after the call went out.
   * A hedge that fires anyway (a stalled machine outran the adaptive delay) is sent from the timer
   * thread and never answered: the original wins and cancels it, as on a real wire.
   */
  private static final ThreadLocal<Pending> CURRENT = new ThreadLocal<>();
  private static final Transport PENDING = (attempt, req) -> {
    CompletableFuture<Response> f = new CompletableFuture<>();
    Pending pending = CURRENT.get();
    if (pending != null && !attempt.hedge()) {
      pending.next = f;
    }
    return f;
  };

  @TearDown(Level.Trial)
  public void tearDown() {
    hedgedDestination.close();
    retriedDestination.close();
  }

  @Benchmark
  public void recordLatency() {
    delay.record(3_000_000);
  }

  @Benchmark
  @Threads(2)
  public void recordLatencyTwoThreads() {
    delay.record(3_000_000);
  }

  @Benchmark
  public long currentDelay() {
    return delay.nanos();
  }

  @Benchmark
  public Response hedgedCall(Pending pending) {
    return oneCall(hedged, pending);
  }

  @Benchmark
  public Response retriedCall(Pending pending) {
    return oneCall(retried, pending);
  }

  private Response oneCall(CallPipeline pipeline, Pending pending) {
    CURRENT.set(pending);
    CompletableFuture<Response> result = pipeline.execute(request);
    pending.next.complete(new Response(200, Map.of(), new byte[0], Endpoint.of("127.0.0.1", 1)));
    return result.join(); // the answer arrived before any hedge delay
  }
}

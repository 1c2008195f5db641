package dev.switchboard.benchmarks;

import dev.switchboard.context.CallContext;
import dev.switchboard.context.TraceContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.internal.RealChain;
import dev.switchboard.internal.SharedScheduler;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.Filter;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.policy.HedgeDelay;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryBudget;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.policy.internal.AttemptScheduler;
import dev.switchboard.policy.internal.HedgingScheduler;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Deadline;
import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
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
 *   <li>{@code hedgingEngine} vs {@code retryEngine}: one call through {@link HedgingScheduler}
 *       (serial queue, hedge timer armed on the shared scheduler and cancelled, latency recorded)
 *       and through the plain retry engine, over an attempt that answers asynchronously at once.
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
  private final Request request = Request.builder("GET", "/users/123").build();
  private final Endpoint endpoint = Endpoint.of("127.0.0.1", 1);
  private final Response ok = new Response(200, Map.of(), new byte[0], endpoint);
  private HedgeDelay delay;
  private List<Filter> hedging;
  private List<Filter> retries;
  private Call call;

  /** One in-flight answer per benchmark thread. */
  @State(Scope.Thread)
  public static class Pending {
    CompletableFuture<Response> next;
  }

  @Setup(Level.Trial)
  public void setUp() {
    Ticker ticker = Ticker.system();
    HedgingPolicy policy = HedgingPolicy.adaptive(95);
    delay = HedgeDelay.create(policy, ticker);
    for (int i = 0; i < 1000; i++) {
      delay.record(ThreadLocalRandom.current().nextLong(1_000_000, 5_000_000));
    }
    RetryBudget budget = RetryBudget.create(RetryBudgetPolicy.defaults(), ticker);
    AttemptScheduler retry = new AttemptScheduler(RetryPolicy.defaults(), budget);
    retries = List.of(retry);
    hedging = List.of(new HedgingScheduler(policy, RetryPolicy.defaults(), budget,
        HedgeDelay.create(policy, ticker), retry));
    call = new Call("bench", request, ticker, Deadline.after(Duration.ofDays(1), ticker),
        CallContext.empty().withCorrelationId("bench").withTrace(TraceContext.newRoot()),
        TelemetryListener.NOOP, SharedScheduler.get());
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
  public Response hedgingEngine(Pending pending) {
    return oneCall(hedging, pending);
  }

  @Benchmark
  public Response retryEngine(Pending pending) {
    return oneCall(retries, pending);
  }

  private Response oneCall(List<Filter> filters, Pending pending) {
    BiFunction<Call, Request, CompletableFuture<Response>> terminal = (c, r) -> {
      c.nextAttemptNumber();
      pending.next = new CompletableFuture<>();
      return pending.next;
    };
    CompletableFuture<Response> result = new RealChain(filters, 0, call, terminal).proceed(request);
    pending.next.complete(ok); // the answer arrives (before any hedge delay)
    return result.join();
  }
}

package dev.switchboard.benchmarks;

import dev.switchboard.client.Destination;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.TraceContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.internal.RealChain;
import dev.switchboard.internal.SharedScheduler;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallPipeline;
import dev.switchboard.pipeline.Filter;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.pipeline.Transport;
import dev.switchboard.policy.CircuitBreaker;
import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.policy.ConcurrencyLimit;
import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.policy.RetryBudget;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.policy.internal.AttemptScheduler;
import dev.switchboard.policy.internal.BreakerFilter;
import dev.switchboard.policy.internal.LimitFilter;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Deadline;
import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
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
 * The cost per call of the resilience stack (circuit breaker, concurrency limit, retry engine with
 * its budget) on the success path, with a transport that answers at once.
 *
 * <ul>
 *   <li>{@code policyFilters} vs {@code noFilters}: the three policy filters alone over a terminal
 *       that answers at once; the difference is the stack's own cost.
 *   <li>{@code pipelineAllPolicies} vs {@code pipelineNoPolicies}: the whole call pipeline with
 *       every policy on, and with retries, budget, breaker and limit off.
 * </ul>
 *
 * Run: {@code java -jar benchmarks/target/benchmarks.jar ResiliencePolicyBenchmark -f 1 -wi 2 -i 3 -w 1 -r 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ResiliencePolicyBenchmark {
  /** The concurrency limit algorithm. */
  @Param({"fixed", "aimd", "gradient"})
  public String limit;

  private final Request request = Request.builder("GET", "/users/123").build();
  private final Endpoint endpoint = Endpoint.of("127.0.0.1", 1);
  private final Response ok = new Response(200, Map.of(), new byte[0], endpoint);
  private List<Filter> policies;
  private BiFunction<Call, Request, CompletableFuture<Response>> terminal;
  private Call call;
  private Destination onDestination;
  private Destination offDestination;
  private CallPipeline on;
  private CallPipeline off;

  @Setup(Level.Trial)
  public void setUp() {
    Ticker ticker = Ticker.system();
    ConcurrencyLimitPolicy limitConfig = switch (limit) {
      case "aimd" -> ConcurrencyLimitPolicy.aimd().build();
      case "gradient" -> ConcurrencyLimitPolicy.gradient().build();
      default -> ConcurrencyLimitPolicy.fixed(1000);
    };
    CircuitBreaker breaker = CircuitBreaker.create(CircuitBreakerPolicy.defaults(), "bench", ticker, TelemetryListener.NOOP);
    ConcurrencyLimit concurrency = ConcurrencyLimit.create(limitConfig, "bench", ticker, TelemetryListener.NOOP,
        SharedScheduler.get());
    RetryBudget budget = RetryBudget.create(RetryBudgetPolicy.defaults(), ticker);
    policies = List.of(new BreakerFilter(breaker), new LimitFilter(concurrency),
        new AttemptScheduler(RetryPolicy.defaults(), budget));
    CompletableFuture<Response> answered = CompletableFuture.completedFuture(ok);
    terminal = (c, r) -> answered;
    call = new Call("bench", request, ticker, Deadline.after(Duration.ofDays(1), ticker),
        CallContext.empty().withCorrelationId("bench").withTrace(TraceContext.newRoot()),
        TelemetryListener.NOOP, SharedScheduler.get());

    Transport noop = (attempt, req) -> CompletableFuture.completedFuture(
        new Response(200, Map.of(), new byte[0], attempt.endpoint()));
    ServiceConfig onConfig = ServiceConfig.builder().name("bench").target("static:127.0.0.1:1,127.0.0.1:2,127.0.0.1:3")
        .timeout(Duration.ofSeconds(5)).retryPolicy(RetryPolicy.defaults()).retryBudget(RetryBudgetPolicy.defaults())
        .circuitBreaker(CircuitBreakerPolicy.defaults()).concurrencyLimit(limitConfig).build();
    ServiceConfig offConfig = onConfig.toBuilder().retryPolicy(RetryPolicy.noRetries())
        .retryBudget(RetryBudgetPolicy.unlimited()).circuitBreaker(CircuitBreakerPolicy.disabled())
        .concurrencyLimit(ConcurrencyLimitPolicy.unlimited()).build();
    onDestination = Destination.open(onConfig);
    offDestination = Destination.open(offConfig);
    on = CallPipeline.assemble(onConfig, onDestination, noop);
    off = CallPipeline.assemble(offConfig, offDestination, noop);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    onDestination.close();
    offDestination.close();
  }

  /** Breaker, limit, retry engine and budget around a terminal that answers at once. */
  @Benchmark
  public Response policyFilters() {
    return new RealChain(policies, 0, call, terminal).proceed(request).join();
  }

  /** Baseline for {@link #policyFilters}: the same terminal with no filters. */
  @Benchmark
  public Response noFilters() {
    return new RealChain(List.of(), 0, call, terminal).proceed(request).join();
  }

  /** One call through the whole pipeline with every policy on. */
  @Benchmark
  public Response pipelineAllPolicies() {
    return on.execute(request).join();
  }

  /** One call through the whole pipeline with retries, budget, breaker and limit off. */
  @Benchmark
  public Response pipelineNoPolicies() {
    return off.execute(request).join();
  }
}

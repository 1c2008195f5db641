package dev.switchboard.benchmarks;

import dev.switchboard.client.Destination;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.pipeline.CallPipeline;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.pipeline.ResponseClassifier;
import dev.switchboard.pipeline.Transport;
import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.policy.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * The cost per call of the resilience stack (circuit breaker, concurrency limit, retry engine with
 * its budget) on the success path, with a transport that answers at once:
 * {@code pipelineAllPolicies} vs {@code pipelineNoPolicies} is the whole call pipeline with every
 * policy on, and with retries, budget, breaker and limit off; the difference is the stack's own
 * cost. (Only public API: the steps themselves are internal to core.)
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
  private Destination onDestination;
  private Destination offDestination;
  private CallPipeline on;
  private CallPipeline off;

  @Setup(Level.Trial)
  public void setUp() {
    ConcurrencyLimitPolicy limitConfig = switch (limit) {
      case "aimd" -> ConcurrencyLimitPolicy.aimd().build();
      case "gradient" -> ConcurrencyLimitPolicy.gradient().build();
      default -> ConcurrencyLimitPolicy.fixed(1000);
    };
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
    on = CallPipeline.assemble(onConfig.name(), onConfig.timeout(), onConfig.filters(), onConfig.policies(),
        onDestination, noop, ResponseClassifier.httpStatus());
    off = CallPipeline.assemble(offConfig.name(), offConfig.timeout(), offConfig.filters(), offConfig.policies(),
        offDestination, noop, ResponseClassifier.httpStatus());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    onDestination.close();
    offDestination.close();
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

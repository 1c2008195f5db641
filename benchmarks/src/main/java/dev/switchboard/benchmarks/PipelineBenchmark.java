package dev.switchboard.benchmarks;

import dev.switchboard.client.Destination;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.pipeline.CallPipeline;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.pipeline.ResponseClassifier;
import dev.switchboard.pipeline.Transport;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of Switchboard's call path per call, with a transport that answers at once: context
 * and deadline setup, the deadline timer, filters, retries, pick, stats, telemetry and
 * classification. Run: {@code java -jar benchmarks/target/benchmarks.jar PipelineBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PipelineBenchmark {
  private Destination destination;
  private CallPipeline pipeline;
  private Request request;

  @Setup(Level.Trial)
  public void setUp() {
    ServiceConfig config = ServiceConfig.builder().name("bench")
        .target("static:127.0.0.1:1,127.0.0.1:2,127.0.0.1:3").timeout(Duration.ofSeconds(5)).build();
    destination = Destination.open(config);
    Transport noop = (attempt, req) -> CompletableFuture.completedFuture(
        new Response(200, Map.of(), new byte[0], attempt.endpoint()));
    pipeline = CallPipeline.assemble(config.name(), config.timeout(), config.filters(), config.policies(),
        destination, noop, ResponseClassifier.httpStatus());
    request = Request.builder("GET", "/users/123").build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    destination.close();
  }

  /** One successful call through the whole pipeline. */
  @Benchmark
  public Response fullPipelineNoopTransport() {
    return pipeline.execute(request).join();
  }

  /** Baseline: the transport alone, to subtract. */
  @Benchmark
  public Response transportAlone() {
    return CompletableFuture.completedFuture(new Response(200, Map.of(), new byte[0], Endpoint.of("127.0.0.1", 1))).join();
  }
}

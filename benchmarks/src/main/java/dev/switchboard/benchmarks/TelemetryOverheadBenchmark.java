package dev.switchboard.benchmarks;

import dev.switchboard.client.Destination;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.micrometer.MicrometerTelemetry;
import dev.switchboard.opentelemetry.OpenTelemetryTracing;
import dev.switchboard.pipeline.CallPipeline;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.pipeline.ResponseClassifier;
import dev.switchboard.pipeline.Transport;
import dev.switchboard.telemetry.TelemetryListener;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
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
 * What each telemetry listener adds to a call: the whole pipeline with a transport that answers
 * at once (as {@link PipelineBenchmark}), a request with a path template, and the listener under
 * test. {@code noop} is the baseline; subtract it. {@code micrometer}: {@code MicrometerTelemetry}
 * on a {@code PrometheusMeterRegistry} (histogram buckets on). {@code opentelemetry}:
 * {@code OpenTelemetryTracing} on the SDK, every span sampled and handed to a no-op exporter
 * through the simple (synchronous) processor, so span creation, attributes and the W3C conversion
 * are all paid. Every variant calls from inside an application span (the usual case: a call made
 * while handling a request), so a call with one attempt records one span. Run with {@code -prof
 * gc} for bytes per call:
 * {@code java -jar benchmarks/target/benchmarks.jar TelemetryOverheadBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TelemetryOverheadBenchmark {
  @Param({"noop", "micrometer", "opentelemetry", "both"})
  public String listener;

  private Destination destination;
  private CallPipeline pipeline;
  private Request request;
  private OpenTelemetrySdk sdk;
  private io.opentelemetry.context.Context parent;

  /** An exporter that drops everything: the benchmark measures Switchboard's side, not a backend. */
  private static final class DropExporter implements SpanExporter {
    @Override public CompletableResultCode export(Collection<SpanData> spans) { return CompletableResultCode.ofSuccess(); }
    @Override public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }
    @Override public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
  }

  @Setup(Level.Trial)
  public void setUp() {
    sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(new DropExporter())).build()).build();
    TelemetryListener metrics = MicrometerTelemetry.create(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    TelemetryListener tracing = OpenTelemetryTracing.builder(sdk).build();
    TelemetryListener chosen = switch (listener) {
      case "noop" -> TelemetryListener.NOOP;
      case "micrometer" -> metrics;
      case "opentelemetry" -> tracing;
      case "both" -> TelemetryListener.composite(List.of(metrics, tracing));
      default -> throw new IllegalArgumentException(listener);
    };
    ServiceConfig config = ServiceConfig.builder().name("bench").target("static:127.0.0.1:1,127.0.0.1:2,127.0.0.1:3")
        .timeout(Duration.ofSeconds(5)).telemetry(chosen).build();
    destination = Destination.open(config);
    Transport noop = (attempt, req) -> CompletableFuture.completedFuture(
        new Response(200, Map.of(), new byte[0], attempt.endpoint()));
    pipeline = CallPipeline.assemble(config.name(), config.timeout(), config.filters(), config.policies(),
        destination, noop, ResponseClassifier.httpStatus());
    request = Request.builder("GET", "/users/123").pathTemplate("/users/{id}").build();
    parent = io.opentelemetry.context.Context.root().with(sdk.getTracer("app").spanBuilder("handler").startSpan());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    destination.close();
    sdk.close();
  }

  /** One successful call through the whole pipeline with the chosen listener. */
  @Benchmark
  public Response call() {
    try (io.opentelemetry.context.Scope ignored = parent.makeCurrent()) {
      return pipeline.execute(request).join();
    }
  }
}

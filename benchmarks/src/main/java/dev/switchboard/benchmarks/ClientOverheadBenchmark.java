package dev.switchboard.benchmarks;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.internal.OutboundRequest;
import dev.switchboard.http.transport.HttpTransport;
import dev.switchboard.http.transport.HttpTransportFactory;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Switchboard's own cost per blocking call, without a network: {@code HttpServiceClient.get} (call
 * building, the whole pipeline with default policies, the wire headers every transport writes,
 * JSON decoding) over a transport that answers at once, beside the JSON decoding alone. Run with
 * {@code -prof gc} for bytes per call: {@code java -jar benchmarks/target/benchmarks.jar
 * ClientOverheadBenchmark -prof gc}. On a shared machine, where wall time per operation is noise,
 * {@link #main} measures the calling thread's CPU time and allocation per call instead:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.switchboard.benchmarks.ClientOverheadBenchmark}.
 * The peer benchmark measures the same cost on a real network.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClientOverheadBenchmark {
  private static final byte[] BODY = ("{\"id\":\"123\",\"email\":\"ada@example.com\",\"name\":\"Ada Lovelace\","
      + "\"active\":true,\"roles\":[\"admin\",\"ops\"]}").getBytes(StandardCharsets.UTF_8);
  private static final Map<String, List<String>> HEADERS = Map.of("content-type", List.of("application/json"));

  /** The user record of the peer benchmark. */
  public record User(String id, String email, String name, boolean active, List<String> roles) {}

  private HttpServiceClient client;
  private long n;

  /**
   * Answers at once, after building the attempt's wire form as every HTTP transport does. Like the
   * default (Apache) transport, it runs a blocking call's attempt inline and declares that it can
   * abort it from another thread, so a hedgeable GET takes the same path through the pipeline.
   */
  static final class InstantTransport implements HttpTransport {
    private static final Runnable ABORT = () -> { };
    private final ServiceConfig config;

    InstantTransport(ServiceConfig config) {
      this.config = config;
    }

    @Override
    public String name() {
      return "instant";
    }

    @Override
    public boolean abortsInline() {
      return true;
    }

    @Override
    public CompletableFuture<Response> send(Attempt attempt, Request request) {
      OutboundRequest out = OutboundRequest.of(attempt, request, config);
      if (attempt.mayRunInline() && !attempt.onAbort(ABORT)) {
        return CompletableFuture.failedFuture(new IllegalStateException("aborted"));
      }
      return CompletableFuture.completedFuture(new Response(200, HEADERS, BODY, out.attempt().endpoint()));
    }

    @Override
    public void close() {}
  }

  @Setup(Level.Trial)
  public void setUp() {
    HttpTransportFactory instant = InstantTransport::new;
    client = new HttpServiceClient(ServiceConfig.builder().baseUrl("http://127.0.0.1:1")
        .timeout(Duration.ofSeconds(5)).transport(instant).build());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
  }

  /** One blocking GET through the whole client. */
  @Benchmark
  public User blockingGet() {
    return client.get("/users/" + (n++ % 1000), User.class);
  }

  /** Baseline: the path string and the JSON decoding every client does. */
  @Benchmark
  public User decodeOnly() throws Exception {
    String path = "/users/" + (n++ % 1000);
    return path.isEmpty() ? null : client.codec().mapper().readValue(BODY, User.class);
  }

  /** Thread CPU ns and bytes per call of both benchmarks, median of 7 rounds of 200,000 calls. */
  public static void main(String[] args) {
    ClientOverheadBenchmark b = new ClientOverheadBenchmark();
    b.setUp();
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    int calls = 200_000;
    double[][] cpu = new double[2][7];
    double[][] bytes = new double[2][7];
    for (int round = -2; round < 7; round++) { // two rounds of warm-up
      for (int which = 0; which < 2; which++) {
        long c0 = mx.getCurrentThreadCpuTime();
        long a0 = mx.getThreadAllocatedBytes(id);
        for (int i = 0; i < calls; i++) {
          try {
            if ((which == 0 ? b.blockingGet() : b.decodeOnly()) == null) {
              throw new IllegalStateException();
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
        if (round >= 0) {
          cpu[which][round] = (mx.getCurrentThreadCpuTime() - c0) / (double) calls;
          bytes[which][round] = (mx.getThreadAllocatedBytes(id) - a0) / (double) calls;
        }
      }
    }
    b.tearDown();
    for (double[] row : cpu) {
      java.util.Arrays.sort(row);
    }
    for (double[] row : bytes) {
      java.util.Arrays.sort(row);
    }
    System.out.printf("blockingGet %.0f ns CPU, %.0f B; decodeOnly %.0f ns CPU, %.0f B; own %.0f ns CPU, %.0f B per call%n",
        cpu[0][3], bytes[0][3], cpu[1][3], bytes[1][3], cpu[0][3] - cpu[1][3], bytes[0][3] - bytes[1][3]);
  }
}

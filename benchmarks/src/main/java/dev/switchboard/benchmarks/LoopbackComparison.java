package dev.switchboard.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Loopback load harness: Switchboard's {@link HttpServiceClient} and a raw
 * {@code java.net.http.HttpClient} against the same local JSON server, in the same run, with the
 * same concurrency. Bounded: a fixed number of requests per round, with a time cap.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.switchboard.benchmarks.LoopbackComparison [requests] [concurrency]}
 */
public final class LoopbackComparison {
  record User(String id, String email, String name) {}

  private static final byte[] BODY =
      "{\"id\":\"123\",\"email\":\"ada@example.com\",\"name\":\"Ada Lovelace\"}".getBytes(StandardCharsets.UTF_8);

  public static void main(String[] args) throws Exception {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle plus delayed
    // ACKs add ~40 ms per response on loopback. Must be set before the server class loads.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    ExecutorService serverPool = Executors.newFixedThreadPool(8);
    server.setExecutor(serverPool);
    server.createContext("/users/123", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.getResponseHeaders().set("content-type", "application/json");
      ex.sendResponseHeaders(200, BODY.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(BODY);
      }
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    HttpClient raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest rawRequest = HttpRequest.newBuilder(URI.create(base + "/users/123")).timeout(Duration.ofSeconds(5)).build();
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    // Switchboard on the same client library as the raw side: this harness measures what Switchboard
    // adds to java.net.http (the peer benchmark compares transports).
    try (HttpServiceClient sb = new HttpServiceClient(ServiceConfig.of(base, Duration.ofSeconds(5), 2).toBuilder()
        .transport(dev.switchboard.http.transport.HttpTransportFactory.jdk()).build())) {
      System.out.printf("loopback comparison: %d requests x %d concurrent callers, GET /users/123 (JSON decoded)%n",
          requests, concurrency);
      for (int round = 1; round <= 2; round++) { // round 1 warms up both clients
        Result r1 = run("raw java.net.http", requests, concurrency, () -> {
          HttpResponse<byte[]> r = raw.send(rawRequest, HttpResponse.BodyHandlers.ofByteArray());
          if (r.statusCode() != 200) {
            throw new IllegalStateException("status " + r.statusCode());
          }
          mapper.readValue(r.body(), User.class);
        });
        Result r2 = run("switchboard", requests, concurrency, () -> sb.get("/users/123", User.class));
        if (round == 2) {
          System.out.printf("%-20s %10s %9s %9s %9s%n", "client", "req/s", "p50 µs", "p99 µs", "errors");
          for (Result r : List.of(r1, r2)) {
            System.out.printf("%-20s %10.0f %9d %9d %9d%n", r.name, r.throughput, r.p50, r.p99, r.errors);
          }
          System.out.printf("switchboard / raw throughput: %.2f%n", r2.throughput / r1.throughput);
        }
      }
    } finally {
      server.stop(0);
      serverPool.shutdownNow();
    }
  }

  interface Task {
    void run() throws Exception;
  }

  record Result(String name, double throughput, long p50, long p99, long errors) {}

  static Result run(String name, int requests, int concurrency, Task task) throws Exception {
    ConcurrentHistogram h = new ConcurrentHistogram(3);
    java.util.concurrent.atomic.LongAdder errors = new java.util.concurrent.atomic.LongAdder();
    java.util.concurrent.atomic.AtomicInteger remaining = new java.util.concurrent.atomic.AtomicInteger(requests);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    long capNanos = TimeUnit.MINUTES.toNanos(2);
    List<Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      workers.add(pool.submit(() -> {
        while (remaining.getAndDecrement() > 0 && System.nanoTime() - start < capNanos) {
          long t0 = System.nanoTime();
          try {
            task.run();
          } catch (Exception e) {
            errors.increment();
          }
          h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
        }
        return null;
      }));
    }
    for (Future<?> w : workers) {
      w.get(3, TimeUnit.MINUTES);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdownNow();
    return new Result(name, h.getTotalCount() / seconds, h.getValueAtPercentile(50), h.getValueAtPercentile(99), errors.sum());
  }
}

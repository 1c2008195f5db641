package dev.switchboard.benchmarks.peer;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.decorators.Decorators;
import io.github.resilience4j.retry.Retry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The peers: each client as a team would use it without Switchboard, set up the way its own docs
 * suggest, with a 5 s timeout and room for 64 connections to the one server.
 */
final class RawPeers {
  private RawPeers() {}

  /** {@code java.net.http}, HTTP/1.1, {@code send} with a byte-array body. */
  static PeerClient jdk(String base) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    return new PeerClient() {
      @Override
      public String name() {
        return "raw java.net.http";
      }

      @Override
      public User get(long id) throws Exception {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(base + PeerClient.path(id)))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return PeerClient.decode(r.statusCode(), r.body());
      }

      @Override
      public void close() {
        // no close() before JDK 21
      }
    };
  }

  /** Apache HttpClient 5 classic, pooled (64 per route: its default of 5 would queue callers). */
  static PeerClient apacheClassic(String base) {
    CloseableHttpClient client = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnPerRoute(64).setMaxConnTotal(128).build())
        .build();
    return new PeerClient() {
      @Override
      public String name() {
        return "Apache HttpClient 5 classic";
      }

      @Override
      public User get(long id) throws Exception {
        return client.execute(new HttpGet(base + PeerClient.path(id)),
            r -> PeerClient.decode(r.getCode(), EntityUtils.toByteArray(r.getEntity())));
      }

      @Override
      public void close() throws Exception {
        client.close();
      }
    };
  }

  /**
   * Apache HttpClient 5 classic set up as Switchboard's transport sets it up ({@link #leanClient};
   * a request built from host and path, no {@code URI}): the raw transport, so that Switchboard's
   * own cost is the difference.
   */
  static PeerClient apacheClassicLean(String base) {
    return apacheLean(base, "Apache HC5 classic, Switchboard's settings");
  }

  /**
   * {@link #apacheClassicLean} sending the four headers Switchboard propagates, with fixed values
   * of the same lengths: it splits Switchboard's own cost into what those headers cost on the wire
   * (client formatting and the server parsing them) and what the pipeline costs.
   */
  static PeerClient apacheClassicLeanWithHeaders(String base) {
    return apacheLean(base, "Apache HC5 classic, Switchboard's settings and headers",
        "x-request-id", "76ffd8abb04e3bfce7c61a76f609ca67",
        "traceparent", "00-f8fbfa463d8d6454d77694fe29f3ebf7-e7e5651270603f84-01",
        "x-request-attempt", "1",
        "x-request-timeout-ms", "4987");
  }

  /** {@link #leanClient} sending {@code headers} (name, value, ...) on every request. */
  private static PeerClient apacheLean(String base, String name, String... headers) {
    CloseableHttpClient client = leanClient();
    org.apache.hc.core5.http.HttpHost host = org.apache.hc.core5.http.HttpHost.create(URI.create(base));
    return new PeerClient() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public User get(long id) throws Exception {
        var request = new org.apache.hc.core5.http.message.BasicClassicHttpRequest("GET", host, PeerClient.path(id));
        for (int i = 0; i < headers.length; i += 2) {
          request.addHeader(headers[i], headers[i + 1]);
        }
        try (org.apache.hc.core5.http.ClassicHttpResponse r = client.executeOpen(host, request, null)) {
          return PeerClient.decode(r.getCode(), EntityUtils.toByteArray(r.getEntity()));
        }
      }

      @Override
      public void close() throws Exception {
        client.close();
      }
    };
  }

  /**
   * Apache HttpClient 5 classic as Switchboard's transport sets it up: its minimal client (no
   * execution chain: no retries, redirects, cookies, authentication or decompression) on a pool
   * with a lock per route.
   */
  private static CloseableHttpClient leanClient() {
    return HttpClients.createMinimal(PoolingHttpClientConnectionManagerBuilder.create()
        .setMaxConnPerRoute(64).setMaxConnTotal(512)
        .setPoolConcurrencyPolicy(org.apache.hc.core5.pool.PoolConcurrencyPolicy.LAX).build());
  }

  /** OkHttp 5, synchronous {@code execute()}. */
  static PeerClient okHttp(String base) {
    OkHttpClient client = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
        .callTimeout(Duration.ofSeconds(5)).build();
    return new PeerClient() {
      @Override
      public String name() {
        return "OkHttp 5";
      }

      @Override
      public User get(long id) throws Exception {
        try (okhttp3.Response r = client.newCall(new okhttp3.Request.Builder()
            .url(base + PeerClient.path(id)).build()).execute()) {
          return PeerClient.decode(r.code(), r.body().bytes());
        }
      }

      @Override
      public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
    };
  }

  /** Armeria's WebClient, blocking on {@code aggregate().join()}. */
  static PeerClient armeria(String base) {
    ClientFactory factory = ClientFactory.builder().build();
    WebClient client = WebClient.builder(base).factory(factory)
        .responseTimeout(Duration.ofSeconds(5)).build();
    return new PeerClient() {
      @Override
      public String name() {
        return "Armeria WebClient";
      }

      @Override
      public User get(long id) throws Exception {
        AggregatedHttpResponse r = client.get(PeerClient.path(id)).aggregate().join();
        return PeerClient.decode(r.status().code(), r.content().array());
      }

      @Override
      public void close() {
        factory.close();
      }
    };
  }

  /**
   * The glue-it-yourself baseline: {@code java.net.http} with resilience4j's Retry (3 attempts),
   * CircuitBreaker and Bulkhead (64 concurrent) around each call, all with their defaults.
   */
  static PeerClient jdkWithResilience4j(String base) {
    PeerClient jdk = jdk(base);
    Retry retry = Retry.ofDefaults("peer");
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("peer");
    Bulkhead bulkhead = Bulkhead.of("peer", BulkheadConfig.custom().maxConcurrentCalls(64).build());
    return new PeerClient() {
      @Override
      public String name() {
        return "java.net.http + resilience4j";
      }

      @Override
      public User get(long id) throws Exception {
        CheckedSupplier<User> call = Decorators.ofCheckedSupplier(() -> jdk.get(id))
            .withBulkhead(bulkhead).withCircuitBreaker(breaker).withRetry(retry).decorate();
        try {
          return call.get();
        } catch (Exception | Error e) {
          throw e;
        } catch (Throwable t) {
          throw new IllegalStateException(t);
        }
      }

      @Override
      public void close() throws Exception {
        jdk.close();
      }
    };
  }
}

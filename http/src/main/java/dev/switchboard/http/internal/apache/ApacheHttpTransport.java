package dev.switchboard.http.internal.apache;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.internal.OutboundRequest;
import dev.switchboard.http.transport.HttpTransport;
import dev.switchboard.transport.ConnectionPolicy;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.time.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;

/**
 * The HTTP transport on Apache HttpClient 5. An attempt the pipeline lets run on a blocking
 * caller's thread ({@code Attempt.mayRunInline}: the first attempt, hedged or not, since another
 * thread can abort it, see {@link #abortsInline()}; the retries of a call that is not hedged) goes
 * through the classic client on that thread: no hand-off, no I/O thread. Async calls, attempts
 * sent from timer or I/O threads (hedges, most retries), and every call under
 * {@link ConnectionPolicy.Protocol#HTTP_2} go through the async client, started on first use.
 *
 * <p>Threads: none for blocking calls; the async client adds {@link ConnectionPolicy#ioThreads()}
 * I/O threads plus the one that starts them, so at most {@code ioThreads + 1} per client, however
 * many calls are in flight or stalled. Idle and expired connections are closed from Switchboard's
 * system timer. {@link #close()} closes every connection and stops those threads.
 *
 * <p>Thread-safe.
 */
public final class ApacheHttpTransport implements HttpTransport {
  private final ServiceConfig config;
  private static final int MAX_HOSTS = 1024;

  private final ConnectionPolicy options;
  private final java.util.concurrent.ConcurrentHashMap<String, HttpHost> hosts = new java.util.concurrent.ConcurrentHashMap<>();
  private final long maxBytes;
  private final PoolingHttpClientConnectionManager classicPool;
  private final CloseableHttpClient classic;
  private final RequestConfig classicRequests;
  private final long evictEveryMillis;
  private volatile Timer.Timeout eviction;
  private final Object asyncLock = new Object();
  private volatile PoolingAsyncClientConnectionManager asyncPool;
  private volatile CloseableHttpAsyncClient async;
  private volatile boolean closed;

  public ApacheHttpTransport(ServiceConfig config) {
    this.config = config;
    this.options = config.connections();
    // Bodies are byte arrays: a limit past what one array can hold is the array limit.
    this.maxBytes = Math.min(config.maxResponseBytes(), Integer.MAX_VALUE - 16);
    if (options.protocol() == ConnectionPolicy.Protocol.HTTP_1_1) {
      this.classicPool = ApacheClients.classicPool(config);
      this.classic = ApacheClients.classic(classicPool);
      this.classicRequests = ApacheClients.requestConfig(config);
    } else {
      this.classicPool = null;
      this.classic = null;
      this.classicRequests = null;
    }
    this.evictEveryMillis = Math.max(1, Math.min(options.idleTimeout().toMillis() / 2, 5_000));
    scheduleEviction();
  }

  /**
   * True over HTTP/1.1, where blocking calls run inline on the classic client: another thread can
   * abort such an exchange at any stage by cancelling its request (the connection is closed).
   */
  @Override
  public boolean abortsInline() {
    return classic != null;
  }

  @Override
  public String name() {
    return "apache";
  }

  @Override
  public CompletableFuture<Response> send(Attempt attempt, Request request) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("client for " + config.name() + " is closed"));
    }
    OutboundRequest out;
    try {
      out = OutboundRequest.of(attempt, request, config);
    } catch (ServiceCallException e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpHost host = host(out);
    if (classic != null && attempt.mayRunInline()) {
      try {
        return CompletableFuture.completedFuture(ClassicExchange.run(classic, classicRequests, host, out, maxBytes));
      } catch (ServiceCallException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    CloseableHttpAsyncClient client = async();
    if (client == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("client for " + config.name() + " is closed"));
    }
    return AsyncExchange.start(client, host, out, maxBytes,
        options.protocol() == ConnectionPolicy.Protocol.HTTP_1_1);
  }

  /** The endpoint's host, built once per address (HttpHost validates and lowercases on creation). */
  private HttpHost host(OutboundRequest out) {
    String address = out.attempt().endpoint().address();
    HttpHost host = hosts.get(address);
    if (host == null) {
      host = new HttpHost(out.scheme(), out.host(), out.port());
      if (hosts.size() >= MAX_HOSTS) {
        hosts.clear(); // endpoints come and go: never more than this many kept
      }
      hosts.put(address, host);
    }
    return host;
  }

  /** The async client, started on first use; null once closed. */
  private CloseableHttpAsyncClient async() {
    CloseableHttpAsyncClient c = async;
    if (c != null) {
      return c;
    }
    synchronized (asyncLock) {
      if (closed) {
        return null;
      }
      if (async == null) {
        asyncPool = ApacheClients.asyncPool(config);
        async = ApacheClients.async(config, asyncPool);
      }
      return async;
    }
  }

  /** Connection housekeeping runs in real time, on the system timer, whatever clock calls use. */
  private void scheduleEviction() {
    if (!closed) {
      eviction = Timer.system().schedule(this::evict, evictEveryMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void evict() {
    TimeValue idle = TimeValue.of(options.idleTimeout());
    if (classicPool != null) {
      classicPool.closeExpired();
      classicPool.closeIdle(idle);
    }
    PoolingAsyncClientConnectionManager a = asyncPool;
    if (a != null) {
      a.closeExpired();
      a.closeIdle(idle);
    }
    scheduleEviction();
  }

  @Override
  public void close() {
    CloseableHttpAsyncClient a;
    synchronized (asyncLock) {
      if (closed) {
        return;
      }
      closed = true;
      a = async;
    }
    Timer.Timeout e = eviction;
    if (e != null) {
      e.cancel();
    }
    if (classic != null) {
      classic.close(CloseMode.IMMEDIATE);
    }
    if (a != null) {
      a.close(CloseMode.IMMEDIATE);
    }
  }

  @Override
  public String toString() {
    return "ApacheHttpTransport[" + config.name() + ", " + options + ", " + config.tls() + "]";
  }
}

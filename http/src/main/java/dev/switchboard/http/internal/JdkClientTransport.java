package dev.switchboard.http.internal;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.transport.HttpTransport;
import dev.switchboard.http.transport.TransportLimit;
import dev.switchboard.transport.ConnectionPolicy;
import dev.switchboard.transport.TlsConfig;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code java.net.http} transport as one client's {@link HttpTransport}: the JDK client, its
 * executor, and {@link JdkHttpTransport} on top.
 *
 * <p>Threads: the JDK client's selector thread plus at most {@link #executorThreads()} executor
 * threads (a fixed, queueing pool: the JDK only runs short non-blocking tasks on it), however many
 * calls stall. Async calls on a machine with two cores or fewer also borrow a short-lived thread
 * per completion from {@code CompletableFuture}'s default pool, which the JDK hops every
 * {@code sendAsync} result through.
 *
 * <p>What {@code java.net.http} cannot do per client, and so this transport cannot promise, is
 * declared in {@link #limits()} (and checked by the contract suite): a GET or HEAD can go on the
 * wire twice in one attempt; a socket stays in {@code CLOSE_WAIT} after a status line the JDK
 * cannot parse; before JDK 21 the selector thread outlives {@link #close()}. What it cannot
 * set per client it refuses when the client is built, naming the setting: pool sizes and
 * connection lifetimes (JVM-wide system properties {@code jdk.httpclient.connectionPoolSize},
 * {@code jdk.httpclient.keepalive.timeout}), h2c with prior knowledge (the JDK only upgrades from
 * HTTP/1.1), and turning hostname verification off for an {@code SSLContext} the user built (a
 * {@link TlsConfig} built from files turns it off in its own trust manager, which works here).
 * {@code ConnectionPolicy.ioThreads} does not apply: the JDK client has one selector thread.
 * Thread-safe.
 */
public final class JdkClientTransport implements HttpTransport {
  private static final AtomicInteger CLIENTS = new AtomicInteger();
  private static final Set<TransportLimit> LIMITS = limitsOn(Runtime.version().feature());

  private final HttpClient client;
  private final ThreadPoolExecutor executor;
  private final JdkHttpTransport transport;
  private volatile boolean closed;

  private JdkClientTransport(HttpClient client, ThreadPoolExecutor executor, ServiceConfig config) {
    this.client = client;
    this.executor = executor;
    this.transport = new JdkHttpTransport(client, config);
  }

  static HttpTransport create(ServiceConfig config) {
    ConnectionPolicy connections = config.connections();
    TlsConfig tls = config.tls();
    if (!connections.hasDefaultPool()) {
      throw new IllegalArgumentException("java.net.http cannot set pool sizes or connection lifetimes for one"
          + " client (only JVM-wide: jdk.httpclient.connectionPoolSize, jdk.httpclient.keepalive.timeout), so "
          + config.name() + "'s " + connections + " cannot be honoured: use HttpTransportFactory.apache(), or"
          + " keep ConnectionPolicy's pool settings at their defaults");
    }
    if (!tls.hostnameVerification() && !tls.contextSkipsHostnameVerification()) {
      throw new IllegalArgumentException("java.net.http cannot turn hostname verification off for an SSLContext"
          + " you built (only JVM-wide): give " + config.name() + "'s trust material as files"
          + " (TlsConfig.trustCertificatesPem/trustStore), or use HttpTransportFactory.apache()");
    }
    if (connections.protocol() == ConnectionPolicy.Protocol.HTTP_2 && !config.scheme().equals("https")) {
      throw new IllegalArgumentException("java.net.http cannot speak h2c with prior knowledge (to "
          + config.name() + " over http); use https, HTTP_1_1, or HttpTransportFactory.apache()");
    }
    int client = CLIENTS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    int threads = executorThreads();
    ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "switchboard-jdk-" + config.name() + "-" + client + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    executor.allowCoreThreadTimeOut(true);
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(connections.protocol() == ConnectionPolicy.Protocol.HTTP_2
            ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(executor);
    if (!tls.isDefault()) {
      b.sslContext(tls.sslContext());
    }
    return new JdkClientTransport(b.build(), executor, config);
  }

  /** What {@code java.net.http} of JDK {@code feature} cannot promise (see {@link TransportLimit}). */
  static Set<TransportLimit> limitsOn(int feature) {
    // Checked by the contract suite on JDK 17 and 25.
    Set<TransportLimit> limits = EnumSet.of(TransportLimit.RESENDS_GET_ONCE_WHEN_THE_CONNECTION_FAILS,
        TransportLimit.KEEPS_THE_SOCKET_AFTER_A_BAD_STATUS_LINE);
    if (feature < 21) {
      limits.add(TransportLimit.A_THREAD_OUTLIVES_CLOSE);
    }
    return Set.copyOf(limits);
  }

  /** Executor threads per client: twice the processors, at least 4. */
  static int executorThreads() {
    return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  }

  @Override
  public String name() {
    return "jdk";
  }

  @Override
  public Set<TransportLimit> limits() {
    return LIMITS;
  }

  @Override
  public boolean abortsInline() {
    return transport.abortsInline();
  }

  @Override
  public CompletableFuture<Response> send(Attempt attempt, Request request) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("client is closed"));
    }
    return transport.send(attempt, request);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    shutdownNow(client);
    executor.shutdownNow();
  }

  /** {@code HttpClient.shutdownNow()} where it exists (JDK 21+); the library compiles for 17. */
  private static void shutdownNow(HttpClient client) {
    try {
      Method m = HttpClient.class.getMethod("shutdownNow");
      m.invoke(client);
    } catch (NoSuchMethodException beforeJdk21) {
      // JDK 17: no way to stop the selector thread; it ends once the client is collected.
    } catch (ReflectiveOperationException e) {
      // best effort: the executor below is stopped either way
    }
  }
}

package dev.switchboard.http.internal;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.transport.HttpTransport;
import dev.switchboard.http.transport.TransportOptions;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
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
 * <p>What {@code java.net.http} cannot do per client, and so this transport cannot promise:
 * <ul>
 *   <li>No hidden retries: the JDK re-sends a GET or HEAD once by itself when a pooled connection
 *       fails before a byte of the answer, under the pipeline's attempt count. No system property
 *       turns that off ({@code jdk.httpclient.disableRetryConnect} only stops connect retries).
 *   <li>Pool settings: pool size and keep-alive are JVM-wide system properties
 *       ({@code jdk.httpclient.connectionPoolSize}, {@code jdk.httpclient.keepalive.timeout}).
 *   <li>Turning hostname verification off is JVM-wide
 *       ({@code jdk.internal.httpclient.disableHostnameVerification}); it is refused here.
 *   <li>h2c with prior knowledge: the JDK only upgrades from HTTP/1.1; refused here.
 *   <li>Closing: before JDK 21 a client cannot be shut down; its selector thread ends only once the
 *       client is garbage collected. On 21+ {@link #close()} calls {@code shutdownNow()}.
 * </ul>
 * Thread-safe.
 */
public final class JdkClientTransport implements HttpTransport {
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final HttpClient client;
  private final ThreadPoolExecutor executor;
  private final JdkHttpTransport transport;
  private volatile boolean closed;

  private JdkClientTransport(HttpClient client, ThreadPoolExecutor executor, ServiceConfig config) {
    this.client = client;
    this.executor = executor;
    this.transport = new JdkHttpTransport(client, config);
  }

  static HttpTransport create(ServiceConfig config, TransportOptions options) {
    if (!options.hostnameVerification()) {
      throw new IllegalArgumentException("java.net.http cannot turn hostname verification off for one"
          + " client (only JVM-wide); use HttpTransportFactory.apache(...) for that");
    }
    if (options.protocol() == TransportOptions.Protocol.HTTP_2 && !config.scheme().equals("https")) {
      throw new IllegalArgumentException("java.net.http cannot speak h2c with prior knowledge (to "
          + config.name() + " over http); use https, HTTP_1_1, or HttpTransportFactory.apache(...)");
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
        .version(options.protocol() == TransportOptions.Protocol.HTTP_2
            ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(executor);
    if (options.sslContext() != null) {
      b.sslContext(options.sslContext());
    }
    return new JdkClientTransport(b.build(), executor, config);
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

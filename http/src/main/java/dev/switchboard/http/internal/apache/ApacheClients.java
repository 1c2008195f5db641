package dev.switchboard.http.internal.apache;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.transport.ConnectionPolicy;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParserFactory;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Apache HttpClient 5's classic and async clients the way the transport contract needs
 * them: no automatic retries, no redirects, no cookies, no auth caching, no transparent
 * decompression (the body limit counts the bytes on the wire), pools sized by
 * the client's {@link ConnectionPolicy}, its own TLS material ({@code ServiceConfig.tls()}), and
 * no threads of their own beyond the async client's I/O threads (idle eviction runs on
 * Switchboard's timer). Stateless.
 */
final class ApacheClients {
  /**
   * A response head line (status line or one header) longer than this, or more headers than
   * {@link #MAX_HEADER_COUNT}, fails the exchange with {@code PROTOCOL_ERROR}: HttpClient's own
   * default is no limit at all, so a hostile server could make it buffer without bound.
   */
  static final int MAX_HEAD_LINE_BYTES = 64 * 1024;
  static final int MAX_HEADER_COUNT = 256;

  private static final Http1Config HTTP1 = Http1Config.custom()
      .setMaxLineLength(MAX_HEAD_LINE_BYTES).setMaxHeaderCount(MAX_HEADER_COUNT).build();
  /** How often an idle I/O thread wakes to run queued commands such as closing a cancelled exchange. */
  static final long SELECT_INTERVAL_MS = 10;
  private static final AtomicInteger CLIENTS = new AtomicInteger();
  private static final Logger log = LoggerFactory.getLogger(ApacheClients.class);

  private ApacheClients() {}

  static PoolingHttpClientConnectionManager classicPool(ServiceConfig config) {
    ConnectionPolicy o = config.connections();
    return PoolingHttpClientConnectionManagerBuilder.create()
        .setMaxConnPerRoute(o.maxConnectionsPerEndpoint())
        .setMaxConnTotal(o.maxConnectionsTotal())
        // LAX: a lock per endpoint rather than one for the whole pool, less contention at 32 callers.
        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
        .setDefaultConnectionConfig(connectionConfig(config))
        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true)
            .setSoTimeout(Timeout.of(config.timeout())).build())
        .setTlsSocketStrategy(tls(config).buildClassic())
        .setConnectionFactory(ManagedHttpClientConnectionFactory.builder().http1Config(HTTP1)
            // Strict: HttpClient's default (lenient) parser skips lines it cannot parse as
            // "garbage" on a reused connection, turning a broken answer into "no answer".
            .responseParserFactory(new DefaultHttpResponseParserFactory(HTTP1)).build())
        .build();
  }

  /**
   * HttpClient's minimal classic client on {@code pool}: one exchange on one pooled connection,
   * with the protocol interceptors HTTP/1.1 needs (Host, Content-Length or chunking, Connection,
   * User-Agent) and nothing this transport turns off anyway: no retries, redirects, cookies,
   * authentication, decompression, proxies or connection state. Unlike the full client it runs no
   * execution chain, so it does not copy each request or parse its path as a URI (for an
   * authentication scope) on every call. Its one difference that shows: it keeps a connection
   * for the pool's limits ({@link ConnectionPolicy}: idle timeout, validation after 2 s idle,
   * lifetime) rather than for a {@code Keep-Alive: timeout} the server sends. The request's
   * {@link #requestConfig} comes with each request ({@code Configurable}).
   */
  static CloseableHttpClient classic(PoolingHttpClientConnectionManager pool) {
    return HttpClients.createMinimal(pool);
  }

  static PoolingAsyncClientConnectionManager asyncPool(ServiceConfig config) {
    ConnectionPolicy o = config.connections();
    HttpVersionPolicy policy = o.protocol() == ConnectionPolicy.Protocol.HTTP_1_1
        ? HttpVersionPolicy.FORCE_HTTP_1
        : config.scheme().equals("https") ? HttpVersionPolicy.NEGOTIATE : HttpVersionPolicy.FORCE_HTTP_2;
    return PoolingAsyncClientConnectionManagerBuilder.create()
        .setMaxConnPerRoute(o.maxConnectionsPerEndpoint())
        .setMaxConnTotal(o.maxConnectionsTotal())
        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
        .setDefaultConnectionConfig(connectionConfig(config))
        .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(policy)
            .setHandshakeTimeout(Timeout.of(config.connectTimeout())).build())
        .setTlsStrategy(tls(config).buildAsync())
        // HTTP/2: concurrent exchanges share one connection instead of leasing one each.
        .setMessageMultiplexing(o.protocol() == ConnectionPolicy.Protocol.HTTP_2)
        .build();
  }

  static CloseableHttpAsyncClient async(ServiceConfig config, PoolingAsyncClientConnectionManager pool) {
    ConnectionPolicy o = config.connections();
    CloseableHttpAsyncClient client = HttpAsyncClients.custom()
        .setConnectionManager(pool)
        // A cancelled exchange is closed by its I/O thread when that thread next wakes; the
        // reactor's default is to wake once a second, so an aborted connection lingered that long.
        .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(o.ioThreads())
            .setSelectInterval(TimeValue.ofMilliseconds(SELECT_INTERVAL_MS))
            .setTcpNoDelay(true).setSoTimeout(Timeout.of(config.timeout())).build())
        .setHttp1Config(HTTP1)
        .setH2Config(H2Config.custom().setPushEnabled(false).build())
        .setThreadFactory(daemonThreads("switchboard-apache-" + config.name()))
        .addExecInterceptorFirst(AbortHook.NAME, new AbortHook())
        // HttpClient logs the reactor's own shutdown race (ClosedSelectorException) as an ERROR.
        .setIoReactorExceptionCallback(e -> log.debug("{}: I/O reactor: {}", config.name(), e.toString()))
        .disableAutomaticRetries()
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAuthCaching()
        .disableConnectionState()
        .disableContentCompression()
        .setDefaultRequestConfig(requestConfig(config))
        .build();
    client.start();
    return client;
  }

  private static ConnectionConfig connectionConfig(ServiceConfig config) {
    ConnectionPolicy o = config.connections();
    return ConnectionConfig.custom()
        .setConnectTimeout(Timeout.of(config.connectTimeout()))
        // A backstop only: every exchange is aborted at its attempt's deadline anyway.
        .setSocketTimeout(Timeout.of(config.timeout()))
        .setValidateAfterInactivity(TimeValue.of(o.validateAfterInactivity()))
        .setTimeToLive(TimeValue.of(o.maxLifetime()))
        .build();
  }

  static RequestConfig requestConfig(ServiceConfig config) {
    // Waiting for a pooled connection is bounded by the call's timeout (and aborted at the
    // attempt's deadline like the rest of the exchange).
    return RequestConfig.custom().setConnectionRequestTimeout(Timeout.of(config.timeout())).build();
  }

  /**
   * The client's TLS context. With hostname verification off, a context built from files already
   * skips the check in its trust manager; HttpClient's own verifier is turned off too, which also
   * covers a context the user built.
   */
  private static ClientTlsStrategyBuilder tls(ServiceConfig config) {
    ClientTlsStrategyBuilder b = ClientTlsStrategyBuilder.create().setSslContext(config.tls().sslContext());
    if (!config.tls().hostnameVerification()) {
      b.setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
          .setHostnameVerifier(NoopHostnameVerifier.INSTANCE);
    }
    return b;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    int client = CLIENTS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + client + "-io-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

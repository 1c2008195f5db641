package dev.switchboard.http.transport;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.internal.DefaultTransport;
import dev.switchboard.http.internal.JdkTransportFactory;
import dev.switchboard.http.internal.apache.ApacheTransportFactory;
import dev.switchboard.transport.TransportFactory;

/**
 * Makes the {@link HttpTransport} of one HTTP client: what {@code ServiceConfig.Builder.transport}
 * takes for an {@code HttpServiceClient}. Each client calls {@link #create} once and closes what
 * it got when the client closes. The transport reads the client's connection settings
 * ({@code ServiceConfig.connections()}) and TLS material ({@code ServiceConfig.tls()}) from the
 * config it is given.
 *
 * <pre>{@code
 * ServiceConfig.builder().baseUrl("https://users:8443")
 *     .transport(HttpTransportFactory.jdk())         // java.net.http: no dependency beyond the JDK
 *     .build();
 * }</pre>
 *
 * <p>Without a choice, a client gets {@link #defaults()}: Apache HttpClient 5, the measured fast
 * transport, which {@code switchboard-http} brings along; {@code java.net.http} when a build
 * excluded {@code httpclient5}. Implementations must be thread-safe; {@link #create} may be called
 * for many clients.
 */
@FunctionalInterface
public interface HttpTransportFactory extends TransportFactory {
  /**
   * A new transport for a client configured by {@code config}.
   *
   * @throws IllegalArgumentException if this transport cannot honour a setting of {@code config}
   *     (the message names it and what to do instead)
   */
  HttpTransport create(ServiceConfig config);

  /**
   * Apache HttpClient 5: a blocking call runs the classic client on the caller's own thread, async
   * and hedged calls run its async client (HTTP/1.1 and HTTP/2). Threads per client: none for
   * blocking calls, {@code ConnectionPolicy.ioThreads()} I/O threads (started on first use) for
   * the rest. Honours every {@code ConnectionPolicy} and {@code TlsConfig} setting.
   */
  static HttpTransportFactory apache() {
    return ApacheTransportFactory.INSTANCE;
  }

  /**
   * {@code java.net.http}: no dependency beyond the JDK, with that client's limits, which it
   * declares in {@link HttpTransport#limits()} (a GET can be sent twice in one attempt; pool
   * settings are JVM-wide, so non-default ones are refused; no h2c).
   */
  static HttpTransportFactory jdk() {
    return JdkTransportFactory.INSTANCE;
  }

  /** {@link #apache()} when Apache HttpClient 5 is on the class path, else {@link #jdk()}. */
  static HttpTransportFactory defaults() {
    return DefaultTransport.choose(HttpTransportFactory.class.getClassLoader());
  }

  /**
   * The factory of {@code config}: the one it names, else {@link #defaults()}.
   *
   * @throws IllegalArgumentException if it names a factory of another protocol
   */
  static HttpTransportFactory of(ServiceConfig config) {
    TransportFactory chosen = config.transport().orElse(null);
    if (chosen == null) {
      return defaults();
    }
    if (chosen instanceof HttpTransportFactory http) {
      return http;
    }
    throw new IllegalArgumentException("the transport of " + config.name() + " (" + chosen.name() + ", "
        + chosen.getClass().getName() + ") is not an HTTP transport: use HttpTransportFactory.apache() or jdk()");
  }
}

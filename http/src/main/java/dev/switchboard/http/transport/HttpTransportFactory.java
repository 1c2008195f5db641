package dev.switchboard.http.transport;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.internal.JdkTransportFactory;
import dev.switchboard.http.internal.apache.ApacheHttpTransport;
import java.util.Objects;

/**
 * Makes the {@link HttpTransport} of one client. Each client calls {@link #create} once and closes
 * what it got when the client closes.
 *
 * <pre>{@code
 * HttpTransportFactory fast = HttpTransportFactory.apache();            // the measured default
 * HttpTransportFactory tuned = HttpTransportFactory.apache(TransportOptions.builder()
 *     .maxConnectionsPerEndpoint(128).protocol(TransportOptions.Protocol.HTTP_2).build());
 * HttpTransportFactory zeroDeps = HttpTransportFactory.jdk();           // java.net.http
 * }</pre>
 *
 * <p>Implementations must be thread-safe; {@link #create} may be called for several clients.
 */
@FunctionalInterface
public interface HttpTransportFactory {
  /** A new transport for a client configured by {@code config}. */
  HttpTransport create(ServiceConfig config);

  /** Apache HttpClient 5 with {@link TransportOptions#defaults()}. */
  static HttpTransportFactory apache() {
    return apache(TransportOptions.defaults());
  }

  /**
   * Apache HttpClient 5: blocking calls run its classic client on the caller's thread, async and
   * hedged calls its async client (also HTTP/2). See {@link ApacheHttpTransport} for the threads
   * and limits.
   */
  static HttpTransportFactory apache(TransportOptions options) {
    Objects.requireNonNull(options, "options");
    return config -> new ApacheHttpTransport(config, options);
  }

  /** {@code java.net.http} with {@link TransportOptions#defaults()}: no dependency beyond the JDK. */
  static HttpTransportFactory jdk() {
    return jdk(TransportOptions.defaults());
  }

  /**
   * {@code java.net.http}: no dependency beyond the JDK, with the limits of that client (see
   * {@code docs/ARCHITECTURE.md}, "HTTP transports", for the promises it cannot keep).
   */
  static HttpTransportFactory jdk(TransportOptions options) {
    Objects.requireNonNull(options, "options");
    return config -> JdkTransportFactory.create(config, options);
  }
}

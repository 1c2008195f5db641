package dev.switchboard.http.transport;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Connection settings of an {@link HttpTransport}: pool sizes and lifetimes, TLS and the HTTP
 * version. Timeouts are not here: the call's deadline (and {@code ServiceConfig.connectTimeout})
 * bound every exchange. Immutable and thread-safe; build with {@link #builder()}.
 *
 * <pre>{@code
 * TransportOptions.builder()
 *     .sslContext(myContext)                         // private CA, or a client certificate (mTLS)
 *     .protocol(TransportOptions.Protocol.HTTP_2)    // h2 via ALPN over https, h2c over http
 *     .maxConnectionsPerEndpoint(32)
 *     .build();
 * }</pre>
 *
 * <p>Defaults, and why:
 * <ul>
 *   <li>{@code maxConnectionsPerEndpoint} 64: one HTTP/1.1 connection per concurrent call, so this
 *       bounds the concurrency to one replica. Apache HttpClient's own default of 5 would make the
 *       sixth concurrent caller queue for a connection.
 *   <li>{@code maxConnectionsTotal} 512: a ceiling across all endpoints of one client.
 *   <li>{@code idleTimeout} 30 s: idle connections are closed after this, before most servers'
 *       own keep-alive timeouts (nginx 75 s, Tomcat 60 s) so the client, not the server, closes.
 *   <li>{@code validateAfterInactivity} 2 s: a connection idle longer is checked before reuse, so
 *       a request is rarely written to a connection the server already closed (Node.js closes
 *       idle connections after 5 s).
 *   <li>{@code maxLifetime} 5 minutes: connections are replaced now and then, so load spreads again
 *       behind a load balancer and over replicas that came later.
 *   <li>{@code protocol} {@link Protocol#HTTP_1_1}; {@code sslContext} the JVM default;
 *       hostname verification on.
 *   <li>{@code ioThreads} min(2, available processors): the I/O threads of the async client.
 * </ul>
 */
public final class TransportOptions {
  private static final TransportOptions DEFAULTS = builder().build();

  /** The HTTP version a transport speaks. */
  public enum Protocol {
    /** HTTP/1.1 only. */
    HTTP_1_1,
    /**
     * HTTP/2: over https negotiated by ALPN (HTTP/1.1 if the server does not offer h2); over http
     * h2c with prior knowledge, so the server must speak h2c.
     */
    HTTP_2
  }

  private final int maxConnectionsPerEndpoint;
  private final int maxConnectionsTotal;
  private final Duration idleTimeout;
  private final Duration validateAfterInactivity;
  private final Duration maxLifetime;
  private final Protocol protocol;
  private final SSLContext sslContext;
  private final boolean hostnameVerification;
  private final int ioThreads;

  private TransportOptions(Builder b) {
    if (b.maxConnectionsPerEndpoint < 1) {
      throw new IllegalArgumentException("maxConnectionsPerEndpoint must be >= 1: " + b.maxConnectionsPerEndpoint);
    }
    if (b.maxConnectionsTotal < b.maxConnectionsPerEndpoint) {
      throw new IllegalArgumentException("maxConnectionsTotal must be >= maxConnectionsPerEndpoint: "
          + b.maxConnectionsTotal + " < " + b.maxConnectionsPerEndpoint);
    }
    if (b.ioThreads < 1 || b.ioThreads > 64) {
      throw new IllegalArgumentException("ioThreads must be in [1, 64]: " + b.ioThreads);
    }
    this.maxConnectionsPerEndpoint = b.maxConnectionsPerEndpoint;
    this.maxConnectionsTotal = b.maxConnectionsTotal;
    this.idleTimeout = positive("idleTimeout", b.idleTimeout);
    this.validateAfterInactivity = positive("validateAfterInactivity", b.validateAfterInactivity);
    this.maxLifetime = positive("maxLifetime", b.maxLifetime);
    this.protocol = Objects.requireNonNull(b.protocol, "protocol");
    this.sslContext = b.sslContext;
    this.hostnameVerification = b.hostnameVerification;
    this.ioThreads = b.ioThreads;
  }

  /** The defaults listed above. */
  public static TransportOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxConnectionsPerEndpoint = maxConnectionsPerEndpoint;
    b.maxConnectionsTotal = maxConnectionsTotal;
    b.idleTimeout = idleTimeout;
    b.validateAfterInactivity = validateAfterInactivity;
    b.maxLifetime = maxLifetime;
    b.protocol = protocol;
    b.sslContext = sslContext;
    b.hostnameVerification = hostnameVerification;
    b.ioThreads = ioThreads;
    return b;
  }

  /** Connections open at once to one endpoint (host and port). */
  public int maxConnectionsPerEndpoint() {
    return maxConnectionsPerEndpoint;
  }

  /** Connections open at once over all endpoints. */
  public int maxConnectionsTotal() {
    return maxConnectionsTotal;
  }

  /** An idle pooled connection is closed after this. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** A pooled connection idle longer than this is checked before it is reused. */
  public Duration validateAfterInactivity() {
    return validateAfterInactivity;
  }

  /** No connection is reused after it has been open this long. */
  public Duration maxLifetime() {
    return maxLifetime;
  }

  public Protocol protocol() {
    return protocol;
  }

  /** The TLS context for https, or null for the JVM's default. */
  public SSLContext sslContext() {
    return sslContext;
  }

  /** True (the default) when the server's certificate must match the host name. */
  public boolean hostnameVerification() {
    return hostnameVerification;
  }

  /** I/O threads of an async client. */
  public int ioThreads() {
    return ioThreads;
  }

  @Override
  public String toString() {
    return "TransportOptions[perEndpoint=" + maxConnectionsPerEndpoint + ", total=" + maxConnectionsTotal
        + ", idle=" + idleTimeout + ", validateAfter=" + validateAfterInactivity + ", lifetime="
        + maxLifetime + ", " + protocol + (sslContext != null ? ", custom TLS" : "")
        + (hostnameVerification ? "" : ", NO hostname verification") + ", ioThreads=" + ioThreads + "]";
  }

  private static Duration positive(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(field + " must be > 0: " + d);
    }
    return d;
  }

  /** Builds {@link TransportOptions}. Not thread-safe. */
  public static final class Builder {
    private int maxConnectionsPerEndpoint = 64;
    private int maxConnectionsTotal = 512;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private Duration validateAfterInactivity = Duration.ofSeconds(2);
    private Duration maxLifetime = Duration.ofMinutes(5);
    private Protocol protocol = Protocol.HTTP_1_1;
    private SSLContext sslContext;
    private boolean hostnameVerification = true;
    private int ioThreads = Math.min(2, Runtime.getRuntime().availableProcessors());

    private Builder() {}

    public Builder maxConnectionsPerEndpoint(int max) {
      this.maxConnectionsPerEndpoint = max;
      return this;
    }

    public Builder maxConnectionsTotal(int max) {
      this.maxConnectionsTotal = max;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder validateAfterInactivity(Duration validateAfterInactivity) {
      this.validateAfterInactivity = validateAfterInactivity;
      return this;
    }

    public Builder maxLifetime(Duration maxLifetime) {
      this.maxLifetime = maxLifetime;
      return this;
    }

    public Builder protocol(Protocol protocol) {
      this.protocol = protocol;
      return this;
    }

    /** Trust and key material for https (a private CA, or a client certificate for mTLS). */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /**
     * Turning hostname verification off accepts any certificate the trust material accepts, for
     * any host: only for tests against certificates without the right names.
     */
    public Builder hostnameVerification(boolean verify) {
      this.hostnameVerification = verify;
      return this;
    }

    public Builder ioThreads(int ioThreads) {
      this.ioThreads = ioThreads;
      return this;
    }

    public TransportOptions build() {
      return new TransportOptions(this);
    }
  }
}

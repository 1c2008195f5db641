package dev.switchboard.transport;

import dev.switchboard.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * A client's connections: how many it keeps per endpoint and in all, how long they live, and the
 * HTTP version it speaks. Timeouts are not here: the call's deadline (and
 * {@code ServiceConfig.connectTimeout}) bound every exchange. Immutable and thread-safe.
 *
 * <pre>{@code
 * ConnectionPolicy.builder()
 *     .maxConnectionsPerEndpoint(128)
 *     .protocol(ConnectionPolicy.Protocol.HTTP_2)    // h2 via ALPN over https, h2c over http
 *     .build();
 * }</pre>
 *
 * <p>Defaults, and why:
 * <ul>
 *   <li>{@code maxConnectionsPerEndpoint} 64: over HTTP/1.1 one connection carries one call at a
 *       time, so this bounds the calls in flight to one replica; more wait for a connection (within
 *       their deadline). Apache HttpClient's own default of 5 would make the sixth concurrent caller
 *       wait.
 *   <li>{@code maxConnectionsTotal} 512: a ceiling across all endpoints of one client.
 *   <li>{@code idleTimeout} 30 s: idle connections are closed after this, before most servers'
 *       own keep-alive timeouts (nginx 75 s, Tomcat 60 s), so the client, not the server, closes.
 *   <li>{@code validateAfterInactivity} 2 s: a connection idle longer is checked before reuse, so
 *       a request is rarely written to a connection the server already closed (Node.js closes
 *       idle connections after 5 s).
 *   <li>{@code maxLifetime} 5 minutes: connections are replaced now and then, so load spreads again
 *       behind a load balancer and over replicas that came later.
 *   <li>{@code protocol} {@link Protocol#HTTP_1_1}.
 *   <li>{@code ioThreads} min(2, available processors): I/O threads of a transport's async client
 *       (the Apache transport's; {@code java.net.http} has one selector thread per client).
 * </ul>
 * Which transport honours what is documented on the transport: {@code java.net.http} sets pool
 * sizes and keep-alive only JVM-wide, so it refuses values other than these defaults.
 */
public final class ConnectionPolicy {
  private static final ConnectionPolicy DEFAULTS = builder().build();

  /** The HTTP version a client speaks. */
  public enum Protocol {
    /** HTTP/1.1 only. */
    HTTP_1_1,
    /**
     * HTTP/2: over https negotiated by ALPN (HTTP/1.1 when the server does not offer h2); over
     * http h2c with prior knowledge, so the server must speak h2c.
     */
    HTTP_2
  }

  private final int maxConnectionsPerEndpoint;
  private final int maxConnectionsTotal;
  private final Duration idleTimeout;
  private final Duration validateAfterInactivity;
  private final Duration maxLifetime;
  private final Protocol protocol;
  private final int ioThreads;

  private ConnectionPolicy(Builder b) {
    this.maxConnectionsPerEndpoint = Checks.atLeast("maxConnectionsPerEndpoint", b.maxConnectionsPerEndpoint, 1);
    if (b.maxConnectionsTotal < b.maxConnectionsPerEndpoint) {
      throw new IllegalArgumentException("maxConnectionsTotal must be >= maxConnectionsPerEndpoint: "
          + b.maxConnectionsTotal + " < " + b.maxConnectionsPerEndpoint);
    }
    this.maxConnectionsTotal = b.maxConnectionsTotal;
    this.idleTimeout = Checks.positive("idleTimeout", b.idleTimeout);
    this.validateAfterInactivity = Checks.positive("validateAfterInactivity", b.validateAfterInactivity);
    this.maxLifetime = Checks.positive("maxLifetime", b.maxLifetime);
    this.protocol = Objects.requireNonNull(b.protocol, "protocol");
    this.ioThreads = Checks.between("ioThreads", b.ioThreads, 1, 64);
  }

  /** The defaults listed above. */
  public static ConnectionPolicy defaults() { return DEFAULTS; }

  public static Builder builder() { return new Builder(); }

  /** A builder initialized with this policy. */
  public Builder toBuilder() {
    return new Builder().maxConnectionsPerEndpoint(maxConnectionsPerEndpoint).maxConnectionsTotal(maxConnectionsTotal)
        .idleTimeout(idleTimeout).validateAfterInactivity(validateAfterInactivity).maxLifetime(maxLifetime)
        .protocol(protocol).ioThreads(ioThreads);
  }

  /** Connections open at once to one endpoint (host and port). */
  public int maxConnectionsPerEndpoint() { return maxConnectionsPerEndpoint; }

  /** Connections open at once over all endpoints of the client. */
  public int maxConnectionsTotal() { return maxConnectionsTotal; }

  /** An idle pooled connection is closed after this. */
  public Duration idleTimeout() { return idleTimeout; }

  /** A pooled connection idle longer than this is checked before it is reused. */
  public Duration validateAfterInactivity() { return validateAfterInactivity; }

  /** No connection is reused after it has been open this long. */
  public Duration maxLifetime() { return maxLifetime; }

  /** The HTTP version. */
  public Protocol protocol() { return protocol; }

  /** I/O threads of a transport's async client. */
  public int ioThreads() { return ioThreads; }

  /** True when the pool settings (everything but protocol and I/O threads) are the defaults. */
  public boolean hasDefaultPool() {
    return maxConnectionsPerEndpoint == DEFAULTS.maxConnectionsPerEndpoint
        && maxConnectionsTotal == DEFAULTS.maxConnectionsTotal
        && idleTimeout.equals(DEFAULTS.idleTimeout)
        && validateAfterInactivity.equals(DEFAULTS.validateAfterInactivity)
        && maxLifetime.equals(DEFAULTS.maxLifetime);
  }

  @Override
  public String toString() {
    return "ConnectionPolicy[perEndpoint=" + maxConnectionsPerEndpoint + ", total=" + maxConnectionsTotal
        + ", idle=" + idleTimeout + ", validateAfter=" + validateAfterInactivity + ", lifetime=" + maxLifetime
        + ", " + protocol + ", ioThreads=" + ioThreads + "]";
  }

  /** Builds {@link ConnectionPolicy}. Not thread-safe. */
  public static final class Builder {
    private int maxConnectionsPerEndpoint = 64;
    private int maxConnectionsTotal = 512;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private Duration validateAfterInactivity = Duration.ofSeconds(2);
    private Duration maxLifetime = Duration.ofMinutes(5);
    private Protocol protocol = Protocol.HTTP_1_1;
    private int ioThreads = Math.min(2, Runtime.getRuntime().availableProcessors());

    private Builder() {}

    public Builder maxConnectionsPerEndpoint(int max) { this.maxConnectionsPerEndpoint = max; return this; }
    public Builder maxConnectionsTotal(int max) { this.maxConnectionsTotal = max; return this; }
    public Builder idleTimeout(Duration idleTimeout) { this.idleTimeout = idleTimeout; return this; }

    public Builder validateAfterInactivity(Duration validateAfterInactivity) {
      this.validateAfterInactivity = validateAfterInactivity;
      return this;
    }

    public Builder maxLifetime(Duration maxLifetime) { this.maxLifetime = maxLifetime; return this; }
    public Builder protocol(Protocol protocol) { this.protocol = protocol; return this; }

    /** 1..64. */
    public Builder ioThreads(int ioThreads) { this.ioThreads = ioThreads; return this; }

    /** @throws IllegalArgumentException naming the first invalid field */
    public ConnectionPolicy build() { return new ConnectionPolicy(this); }
  }
}

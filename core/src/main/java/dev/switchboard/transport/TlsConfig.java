package dev.switchboard.transport;

import dev.switchboard.transport.internal.TlsContexts;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The TLS material of one client: whom it trusts, the certificate it presents (mutual TLS) and
 * whether server certificates must match the host name. Each client has its own, so a private CA
 * or a client certificate never needs {@code SSLContext.setDefault}, which would change every
 * client in the process. The client's transport and its HTTP health checks use the same one.
 *
 * <pre>{@code
 * TlsConfig.builder()
 *     .trustCertificatesPem(Path.of("/etc/certs/ca.pem"))          // trust this CA only
 *     .certificateChainPem(Path.of("/etc/certs/client.pem"))       // mTLS: present this chain
 *     .privateKeyPem(Path.of("/etc/certs/client.key"))             //       with this PKCS#8 key
 *     .build();
 * }</pre>
 *
 * <p>Trust comes from one of: {@link Builder#trustCertificatesPem} (PEM CA certificates),
 * {@link Builder#trustStore} (a PKCS#12 or JKS store), or, when neither is set, the JVM's default
 * trust (which honours {@code javax.net.ssl.trustStore}). Given material replaces the JVM's trust
 * for this client: only the given certificates are trusted. The client's own certificate comes
 * from one of {@link Builder#certificateChainPem} with {@link Builder#privateKeyPem} (an
 * unencrypted PKCS#8 PEM key) or {@link Builder#keyStore}. Or pass a whole {@link SSLContext}
 * with {@link Builder#sslContext} instead of files.
 *
 * <p>Files are read once, in {@link Builder#build()}, which fails with an
 * {@link IllegalArgumentException} naming the setting and the file when one is missing or
 * unreadable. Passwords never appear in {@link #toString()} or in error messages.
 *
 * <p>Defaults: the JVM's trust, no client certificate, hostname verification on. Turning
 * hostname verification off is for tests and private networks only; it is done in this client's
 * trust manager, so it holds for every transport and leaves other clients alone (except with a
 * context you built yourself, see {@link #hostnameVerification()}). Immutable and thread-safe.
 */
public final class TlsConfig {
  private static final TlsConfig DEFAULTS = builder().build();

  private final Path trustCertificatesPem;
  private final Path trustStore;
  private final String trustStorePassword;
  private final Path certificateChainPem;
  private final Path privateKeyPem;
  private final Path keyStore;
  private final String keyStorePassword;
  private final SSLContext givenContext;
  private final boolean hostnameVerification;
  private final SSLContext context; // null: the JVM's default

  private TlsConfig(Builder b) {
    this.trustCertificatesPem = b.trustCertificatesPem;
    this.trustStore = b.trustStore;
    this.trustStorePassword = b.trustStorePassword;
    this.certificateChainPem = b.certificateChainPem;
    this.privateKeyPem = b.privateKeyPem;
    this.keyStore = b.keyStore;
    this.keyStorePassword = b.keyStorePassword;
    this.givenContext = b.sslContext;
    this.hostnameVerification = b.hostnameVerification;
    this.context = TlsContexts.build(b.trustCertificatesPem, b.trustStore, b.trustStorePassword,
        b.certificateChainPem, b.privateKeyPem, b.keyStore, b.keyStorePassword, b.sslContext,
        b.hostnameVerification);
  }

  /** The JVM's trust, no client certificate, hostname verification on. */
  public static TlsConfig defaults() { return DEFAULTS; }

  public static Builder builder() { return new Builder(); }

  /** A builder initialized with this configuration (files are read again by its {@code build()}). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.trustCertificatesPem = trustCertificatesPem;
    b.trustStore = trustStore;
    b.trustStorePassword = trustStorePassword;
    b.certificateChainPem = certificateChainPem;
    b.privateKeyPem = privateKeyPem;
    b.keyStore = keyStore;
    b.keyStorePassword = keyStorePassword;
    b.sslContext = givenContext;
    b.hostnameVerification = hostnameVerification;
    return b;
  }

  /**
   * The context to open TLS connections with: the one given, one built from the material, or the
   * JVM's default ({@code SSLContext.getDefault()}) when nothing was set.
   */
  public SSLContext sslContext() {
    return context != null ? context : TlsContexts.jvmDefault();
  }

  /** True when the defaults apply: no material, no context, hostname verification on. */
  public boolean isDefault() {
    return context == null && hostnameVerification;
  }

  /**
   * True (the default) when a server's certificate must match the host name. When it is false,
   * a context built from this configuration's material (or from the JVM's trust) already skips
   * the check in its trust manager, so every transport honours it; a context given with
   * {@link Builder#sslContext} is used as it is, and a transport that cannot skip the check
   * itself ({@code java.net.http} can only do it JVM-wide) refuses the combination when the
   * client is built.
   */
  public boolean hostnameVerification() { return hostnameVerification; }

  /**
   * True when {@link #sslContext()} itself enforces {@link #hostnameVerification()} being off
   * (always, except for a context given with {@link Builder#sslContext}).
   */
  public boolean contextSkipsHostnameVerification() {
    return !hostnameVerification && givenContext == null;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("TlsConfig[");
    if (givenContext != null) {
      s.append("given SSLContext");
    } else {
      s.append(trustCertificatesPem != null ? "trust " + trustCertificatesPem
          : trustStore != null ? "trust store " + trustStore : "JVM trust");
      if (certificateChainPem != null) {
        s.append(", client certificate ").append(certificateChainPem);
      } else if (keyStore != null) {
        s.append(", key store ").append(keyStore);
      }
    }
    return s.append(hostnameVerification ? "" : ", NO hostname verification").append(']').toString();
  }

  /** Builds {@link TlsConfig}. Not thread-safe. */
  public static final class Builder {
    private Path trustCertificatesPem;
    private Path trustStore;
    private String trustStorePassword;
    private Path certificateChainPem;
    private Path privateKeyPem;
    private Path keyStore;
    private String keyStorePassword;
    private SSLContext sslContext;
    private boolean hostnameVerification = true;

    private Builder() {}

    /** Trust only the CA certificates in this PEM file (one or more {@code BEGIN CERTIFICATE} blocks). */
    public Builder trustCertificatesPem(Path file) { this.trustCertificatesPem = file; return this; }

    /** Trust only the certificates in this PKCS#12 (or JKS) store. */
    public Builder trustStore(Path file) { this.trustStore = file; return this; }

    /** The trust store's password; none if not set. */
    public Builder trustStorePassword(String password) { this.trustStorePassword = password; return this; }

    /** The client's certificate chain (PEM, leaf first), for mutual TLS; needs {@link #privateKeyPem}. */
    public Builder certificateChainPem(Path file) { this.certificateChainPem = file; return this; }

    /** The client's private key: an unencrypted PKCS#8 PEM file ({@code BEGIN PRIVATE KEY}). */
    public Builder privateKeyPem(Path file) { this.privateKeyPem = file; return this; }

    /** The client's key and certificate chain in a PKCS#12 (or JKS) store, for mutual TLS. */
    public Builder keyStore(Path file) { this.keyStore = file; return this; }

    /** The key store's password, also used for the key in it. */
    public Builder keyStorePassword(String password) { this.keyStorePassword = password; return this; }

    /** A context you built; excludes the file settings above. */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /** False turns hostname verification off (tests, private networks only). */
    public Builder hostnameVerification(boolean verify) { this.hostnameVerification = verify; return this; }

    /**
     * Reads the files and builds the context.
     *
     * @throws IllegalArgumentException naming the setting when material is missing, unreadable,
     *     incomplete (a chain without a key) or given twice (PEM and a store)
     */
    public TlsConfig build() { return new TlsConfig(this); }
  }
}

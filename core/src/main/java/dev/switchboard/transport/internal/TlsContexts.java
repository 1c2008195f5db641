package dev.switchboard.transport.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the {@link SSLContext} of a {@code TlsConfig}: trust and key managers from PEM files or
 * key stores, the host-name check dropped in this context's trust manager when it is turned off.
 * Stateless.
 */
public final class TlsContexts {
  private static final char[] NO_PASSWORD = new char[0];

  private TlsContexts() {}

  /**
   * The context for this material, {@code given} itself when set, or null when nothing is set and
   * the host name is verified (the JVM's default then applies).
   *
   * @throws IllegalArgumentException naming the setting when material is missing, unreadable,
   *     incomplete or given twice
   */
  public static SSLContext build(Path trustPem, Path trustStore, String trustStorePassword,
      Path chainPem, Path keyPem, Path keyStore, String keyStorePassword, SSLContext given,
      boolean hostnameVerification) {
    if (given != null) {
      if (trustPem != null || trustStore != null || chainPem != null || keyPem != null || keyStore != null) {
        throw new IllegalArgumentException("tls: sslContext excludes trust and key files; set one or the other");
      }
      return given;
    }
    if (trustPem != null && trustStore != null) {
      throw new IllegalArgumentException("tls: set trustCertificatesPem or trustStore, not both");
    }
    if ((chainPem == null) != (keyPem == null)) {
      throw new IllegalArgumentException("tls: certificateChainPem and privateKeyPem go together; "
          + (chainPem == null ? "certificateChainPem" : "privateKeyPem") + " is missing");
    }
    if (chainPem != null && keyStore != null) {
      throw new IllegalArgumentException("tls: set certificateChainPem/privateKeyPem or keyStore, not both");
    }
    if (trustPem == null && trustStore == null && chainPem == null && keyStore == null && hostnameVerification) {
      return null;
    }
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(chainPem, keyPem, keyStore, keyStorePassword),
          trustManagers(trustPem, trustStore, trustStorePassword, hostnameVerification), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("tls: cannot build a TLS context: " + e.getMessage(), e);
    }
  }

  /** {@code SSLContext.getDefault()}, which honours the {@code javax.net.ssl.*} properties. */
  public static SSLContext jvmDefault() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no default TLS context", e);
    }
  }

  private static TrustManager[] trustManagers(Path pem, Path store, String password, boolean verifyHost)
      throws GeneralSecurityException {
    KeyStore trusted = null; // null: the JVM's default trust
    if (pem != null) {
      trusted = emptyStore();
      List<X509Certificate> certificates = Pem.certificates("tls.trustCertificatesPem", pem);
      for (int i = 0; i < certificates.size(); i++) {
        trusted.setCertificateEntry("ca-" + i, certificates.get(i));
      }
    } else if (store != null) {
      trusted = load("tls.trustStore", store, password);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    TrustManager[] managers = tmf.getTrustManagers();
    if (!verifyHost) {
      for (int i = 0; i < managers.length; i++) {
        if (managers[i] instanceof X509TrustManager x509) {
          managers[i] = new NoHostnameTrustManager(x509);
        }
      }
    }
    return managers;
  }

  private static KeyManager[] keyManagers(Path chainPem, Path keyPem, Path store, String password)
      throws GeneralSecurityException {
    KeyStore keys;
    char[] keyPassword;
    if (chainPem != null) {
      List<X509Certificate> chain = Pem.certificates("tls.certificateChainPem", chainPem);
      PrivateKey key = Pem.privateKey("tls.privateKeyPem", keyPem, chain.get(0));
      keys = emptyStore();
      keyPassword = NO_PASSWORD; // in memory only
      keys.setKeyEntry("client", key, keyPassword, chain.toArray(new X509Certificate[0]));
    } else if (store != null) {
      keys = load("tls.keyStore", store, password);
      keyPassword = password == null ? NO_PASSWORD : password.toCharArray();
    } else {
      return null;
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    try {
      kmf.init(keys, keyPassword);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException((chainPem != null ? "tls.privateKeyPem " + keyPem : "tls.keyStore " + store)
          + ": cannot use the key (wrong keyStorePassword?): " + e.getMessage(), e);
    }
    return kmf.getKeyManagers();
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try {
      ks.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create an in-memory key store", e);
    }
    return ks;
  }

  /** A PKCS#12 store; the JDK's PKCS#12 implementation also reads JKS files. */
  private static KeyStore load(String setting, Path file, String password) throws GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, password == null ? null : password.toCharArray());
      return ks;
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(setting + " " + file + ": no such file", e);
    } catch (IOException e) {
      // The password is never in the message: the JDK says only that it was wrong.
      throw new IllegalArgumentException(setting + " " + file + ": cannot load it (not PKCS#12/JKS, or a wrong password): "
          + e.getMessage(), e);
    }
  }
}

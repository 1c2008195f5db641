package dev.switchboard.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A key pair and self-signed certificate made in the test by the JDK's {@code keytool}, in every
 * form a client may be given it: a PKCS#12 store, a PEM certificate and a PKCS#8 PEM key. For tests
 * of TLS and mTLS against real servers (store password {@link #PASSWORD}, valid for two days).
 * Immutable; {@link #create} runs {@code keytool} and blocks until it ends.
 *
 * @param name the alias and common name
 * @param keyStore the PKCS#12 store holding key and certificate
 * @param certificatePem the certificate as PEM
 * @param privateKeyPem the key as unencrypted PKCS#8 PEM
 */
public record TestCertificates(String name, Path keyStore, Path certificatePem, Path privateKeyPem) {
  /** The password of every store this makes. */
  public static final String PASSWORD = "changeit";

  /** Makes one in {@code dir} for {@code san}, e.g. {@code ip:127.0.0.1} or {@code dns:other.example}. */
  public static TestCertificates create(Path dir, String name, String san) throws Exception {
    Path store = dir.resolve(name + ".p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", name, "-keyalg", "EC", "-dname", "CN=" + name, "-ext", "SAN=" + san,
        "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("keytool did not finish within 60 s: " + out);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed (exit " + p.exitValue() + "): " + out);
    }
    KeyStore ks = load(store);
    Certificate cert = ks.getCertificate(name);
    PrivateKey key = (PrivateKey) ks.getKey(name, PASSWORD.toCharArray());
    Path certPem = Files.writeString(dir.resolve(name + ".crt.pem"), pem("CERTIFICATE", cert.getEncoded()));
    Path keyPem = Files.writeString(dir.resolve(name + ".key.pem"), pem("PRIVATE KEY", key.getEncoded()));
    return new TestCertificates(name, store, certPem, keyPem);
  }

  /** A server or client context presenting this key, trusting only {@code trusted}'s certificate (or nothing). */
  public SSLContext context(TestCertificates trusted) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(load(keyStore), PASSWORD.toCharArray());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    if (trusted != null) {
      trust.setCertificateEntry(trusted.name, load(trusted.keyStore).getCertificate(trusted.name));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private static KeyStore load(Path store) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}

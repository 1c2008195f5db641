package dev.switchboard.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Building a client's TLS material from files: what works (PEM, PKCS#12), and every mistake
 * failing at build time with the setting and the file named, never the password. The handshakes
 * themselves are tested against real TLS servers in switchboard-http ({@code TlsContract}).
 */
class TlsConfigTest {
  private static final String PASSWORD = "s3cret-pw";

  @TempDir
  static Path dir;
  private static Path store;
  private static Path certPem;
  private static Path keyPem;

  @BeforeAll
  static void makeAKeyPairWithKeytool() throws Exception {
    store = dir.resolve("client.p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=client",
        "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    certPem = Files.writeString(dir.resolve("client.crt"), pem("CERTIFICATE", ks.getCertificate("client").getEncoded()));
    PrivateKey key = (PrivateKey) ks.getKey("client", PASSWORD.toCharArray());
    keyPem = Files.writeString(dir.resolve("client.key"), pem("PRIVATE KEY", key.getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  @Test
  void theDefaultsAreTheJvmsTrustWithHostnameVerification() throws Exception {
    TlsConfig d = TlsConfig.defaults();
    assertThat(d.isDefault()).isTrue();
    assertThat(d.hostnameVerification()).isTrue();
    assertThat(d.sslContext()).isSameAs(SSLContext.getDefault());
  }

  @Test
  void pemFilesAndKeyStoresBuildAContextOfTheirOwn() {
    TlsConfig pemConfig = TlsConfig.builder().trustCertificatesPem(certPem)
        .certificateChainPem(certPem).privateKeyPem(keyPem).build();
    TlsConfig storeConfig = TlsConfig.builder().trustStore(store).trustStorePassword(PASSWORD)
        .keyStore(store).keyStorePassword(PASSWORD).build();
    assertThat(pemConfig.isDefault()).isFalse();
    assertThat(pemConfig.sslContext()).isNotNull().isNotSameAs(storeConfig.sslContext());
    assertThat(pemConfig.toBuilder().build().toString()).isEqualTo(pemConfig.toString());
  }

  @Test
  void hostnameVerificationOffIsCarriedByTheContextExceptForAContextTheUserBuilt() throws Exception {
    TlsConfig files = TlsConfig.builder().hostnameVerification(false).build();
    TlsConfig given = TlsConfig.builder().sslContext(SSLContext.getDefault()).hostnameVerification(false).build();
    assertThat(files.contextSkipsHostnameVerification()).isTrue();
    assertThat(files.sslContext()).isNotSameAs(SSLContext.getDefault());
    assertThat(given.contextSkipsHostnameVerification()).isFalse();
    assertThat(given.sslContext()).isSameAs(SSLContext.getDefault());
  }

  @Test
  void mistakesFailAtBuildNamingTheSettingAndTheFileButNeverThePassword() throws Exception {
    Path missing = dir.resolve("nope.pem");
    assertThatThrownBy(() -> TlsConfig.builder().trustCertificatesPem(missing).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tls.trustCertificatesPem").hasMessageContaining(missing.toString())
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> TlsConfig.builder().certificateChainPem(certPem).build())
        .hasMessageContaining("privateKeyPem is missing");
    assertThatThrownBy(() -> TlsConfig.builder().trustCertificatesPem(certPem).trustStore(store).build())
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> TlsConfig.builder().sslContext(SSLContext.getDefault()).trustStore(store).build())
        .hasMessageContaining("sslContext excludes");
    assertThatThrownBy(() -> TlsConfig.builder().trustCertificatesPem(keyPem).build())
        .hasMessageContaining("tls.trustCertificatesPem");
    assertThatThrownBy(() -> TlsConfig.builder().keyStore(store).keyStorePassword("wrong-" + PASSWORD).build())
        .hasMessageContaining("tls.keyStore").hasMessageNotContaining(PASSWORD);
    Path pkcs1 = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> TlsConfig.builder().certificateChainPem(certPem).privateKeyPem(pkcs1).build())
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    Path encrypted = Files.writeString(dir.resolve("enc.key"),
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    assertThatThrownBy(() -> TlsConfig.builder().certificateChainPem(certPem).privateKeyPem(encrypted).build())
        .hasMessageContaining("encrypted PEM key is not supported");
    TlsConfig withPassword = TlsConfig.builder().keyStore(store).keyStorePassword(PASSWORD).build();
    assertThat(withPassword.toString()).doesNotContain(PASSWORD).contains("client.p12");
  }

  @Test
  void connectionPolicyValidatesItsFieldsAndKnowsItsDefaultPool() {
    assertThat(ConnectionPolicy.defaults().hasDefaultPool()).isTrue();
    assertThat(ConnectionPolicy.builder().protocol(ConnectionPolicy.Protocol.HTTP_2).ioThreads(4).build()
        .hasDefaultPool()).isTrue();
    assertThat(ConnectionPolicy.builder().maxConnectionsPerEndpoint(8).build().hasDefaultPool()).isFalse();
    assertThatThrownBy(() -> ConnectionPolicy.builder().maxConnectionsPerEndpoint(0).build())
        .hasMessageContaining("maxConnectionsPerEndpoint");
    assertThatThrownBy(() -> ConnectionPolicy.builder().maxConnectionsPerEndpoint(100).maxConnectionsTotal(10).build())
        .hasMessageContaining("maxConnectionsTotal");
    assertThatThrownBy(() -> ConnectionPolicy.builder().idleTimeout(java.time.Duration.ZERO).build())
        .hasMessageContaining("idleTimeout");
    ConnectionPolicy custom = ConnectionPolicy.builder().maxLifetime(java.time.Duration.ofMinutes(1)).build();
    assertThat(custom.toBuilder().build().toString()).isEqualTo(custom.toString());
  }
}

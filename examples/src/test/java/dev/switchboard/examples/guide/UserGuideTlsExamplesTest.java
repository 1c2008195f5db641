package dev.switchboard.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.switchboard.examples.users.User;
import dev.switchboard.http.HttpServiceClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs §16 of docs/USER_GUIDE.md against real TLS servers, with a CA and a client certificate made
 * here by {@code keytool} and written as PEM files, as a user would have them.
 */
class UserGuideTlsExamplesTest {
  private static final String PASSWORD = "changeit";
  private static final byte[] ADA = "{\"id\":\"123\",\"email\":\"ada@example.com\",\"name\":\"Ada Lovelace\"}"
      .getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  @Test
  void theSecureClientTrustsItsCaPresentsItsCertificateAndSpeaksHttp2OrFallsBack() throws Exception {
    KeyStore server = keyPair("server", "ip:127.0.0.1");
    KeyStore client = keyPair("client", "dns:client.example");
    HttpsServer https = start(server, client, true);
    try (HttpServiceClient users = new HttpServiceClient(UserGuideExamples.secure(url(https),
        pem("server", server), pem("client", client), keyPem("client", client)))) {
      User ada = users.get("/users/123", User.class);
      assertThat(ada.name()).isEqualTo("Ada Lovelace");
      assertThat(users.transportName()).isEqualTo("apache");
    } finally {
      https.stop(0);
    }
  }

  @Test
  void theZeroDependencyClientRunsOnJavaNetHttpWithTheSameTrust() throws Exception {
    KeyStore server = keyPair("server", "ip:127.0.0.1");
    HttpsServer https = start(server, null, false);
    try (HttpServiceClient users = new HttpServiceClient(UserGuideExamples.zeroDependencies(url(https),
        pem("server", server)))) {
      assertThat(users.get("/users/123", User.class).name()).isEqualTo("Ada Lovelace");
      assertThat(users.transportName()).isEqualTo("jdk");
    } finally {
      https.stop(0);
    }
  }

  private KeyStore keyPair(String name, String san) throws Exception {
    Path store = dir.resolve(name + ".p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", name, "-keyalg", "EC", "-dname", "CN=" + name, "-ext", "SAN=" + san,
        "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }

  private Path pem(String name, KeyStore ks) throws Exception {
    return Files.writeString(dir.resolve(name + ".pem"), pem("CERTIFICATE", ks.getCertificate(name).getEncoded()));
  }

  private Path keyPem(String name, KeyStore ks) throws Exception {
    PrivateKey key = (PrivateKey) ks.getKey(name, PASSWORD.toCharArray());
    return Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", key.getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  /** An HTTPS user-service stand-in presenting {@code own}; with {@code needClientAuth}, only clients {@code trusted} signed get in. */
  private static HttpsServer start(KeyStore own, KeyStore trusted, boolean needClientAuth) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(own, PASSWORD.toCharArray());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    if (trusted != null) {
      trust.setCertificateEntry("client", trusted.getCertificate("client"));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setNeedClientAuth(needClientAuth);
        params.setSSLParameters(p);
      }
    });
    server.createContext("/users/123", ex -> {
      ex.getResponseHeaders().add("content-type", "application/json");
      ex.sendResponseHeaders(200, ADA.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(ADA);
      }
    });
    server.start();
    return server;
  }

  private static String url(HttpsServer server) {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }
}

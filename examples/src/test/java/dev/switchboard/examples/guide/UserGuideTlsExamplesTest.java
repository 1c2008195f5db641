package dev.switchboard.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.switchboard.examples.users.User;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.testing.TestCertificates;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs §16 of docs/USER_GUIDE.md against real TLS servers, with a CA and a client certificate made
 * here by {@code keytool} and written as PEM files, as a user would have them.
 */
class UserGuideTlsExamplesTest {
  private static final byte[] ADA = "{\"id\":\"123\",\"email\":\"ada@example.com\",\"name\":\"Ada Lovelace\"}"
      .getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  @Test
  void theSecureClientTrustsItsCaPresentsItsCertificateAndSpeaksHttp2OrFallsBack() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server", "ip:127.0.0.1");
    TestCertificates client = TestCertificates.create(dir, "client", "dns:client.example");
    HttpsServer https = start(server, client, true);
    try (HttpServiceClient users = new HttpServiceClient(UserGuideExamples.secure(url(https),
        server.certificatePem(), client.certificatePem(), client.privateKeyPem()))) {
      User ada = users.get("/users/123", User.class);
      assertThat(ada.name()).isEqualTo("Ada Lovelace");
      assertThat(users.transportName()).isEqualTo("apache");
    } finally {
      https.stop(0);
    }
  }

  @Test
  void theZeroDependencyClientRunsOnJavaNetHttpWithTheSameTrust() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server", "ip:127.0.0.1");
    HttpsServer https = start(server, null, false);
    try (HttpServiceClient users = new HttpServiceClient(UserGuideExamples.zeroDependencies(url(https),
        server.certificatePem()))) {
      assertThat(users.get("/users/123", User.class).name()).isEqualTo("Ada Lovelace");
      assertThat(users.transportName()).isEqualTo("jdk");
    } finally {
      https.stop(0);
    }
  }

  /** An HTTPS user-service stand-in presenting {@code own}; with {@code needClientAuth}, only {@code trusted} gets in. */
  private static HttpsServer start(TestCertificates own, TestCertificates trusted, boolean needClientAuth) throws Exception {
    SSLContext ctx = own.context(trusted);
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

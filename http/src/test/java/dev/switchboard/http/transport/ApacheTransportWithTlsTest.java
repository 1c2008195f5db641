package dev.switchboard.http.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.TransportClients;
import dev.switchboard.pipeline.CallPipeline;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-client TLS on the Apache transport against a real TLS server (the JDK's HttpsServer) with
 * certificates made in the test by {@code keytool}: a private CA's trust per client, hostname
 * verification on by default, mutual TLS, and HTTP/2 negotiation falling back to HTTP/1.1.
 */
class ApacheTransportWithTlsTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir
  Path dir;

  private HttpsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A key pair and self-signed certificate made by keytool, for {@code san}. */
  private KeyStore keyPair(String alias, String san) throws Exception {
    Path file = dir.resolve(alias + ".p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", alias, "-keyalg", "EC", "-dname", "CN=" + alias, "-ext", "SAN=" + san,
        "-validity", "2", "-keystore", file.toString(), "-storetype", "PKCS12",
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  /** A context that presents {@code own} (may be null) and trusts only {@code trusted}'s certificate. */
  private static SSLContext context(KeyStore own, KeyStore trusted, String trustedAlias) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry(trustedAlias, trusted.getCertificate(trustedAlias));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(own, PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(own == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private String startServer(SSLContext ctx, boolean needClientAuth) throws Exception {
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setNeedClientAuth(needClientAuth);
        params.setSSLParameters(p);
      }
    });
    server.createContext("/hello", ex -> {
      byte[] body = "hello over tls".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  private static HttpServiceClient client(String baseUrl, TransportOptions options) {
    return TransportClients.create(ServiceConfig.builder().baseUrl(baseUrl).timeout(Duration.ofSeconds(5))
        .maxRetries(0).build(), HttpTransportFactory.apache(options));
  }

  @Test
  void aClientTrustingAPrivateCertificateCallsBlockingAndAsyncWhileTheJvmDefaultRefusesIt() throws Exception {
    KeyStore serverKeys = keyPair("server", "ip:127.0.0.1");
    String url = startServer(context(serverKeys, serverKeys, "server"), false);
    TransportOptions trusting = TransportOptions.builder().sslContext(context(null, serverKeys, "server")).build();

    try (HttpServiceClient client = client(url, trusting);
        HttpServiceClient untrusting = client(url, TransportOptions.defaults())) {
      assertThat(client.request("GET", "/hello").exchange().bodyAsString()).isEqualTo("hello over tls");
      assertThat(CallPipeline.await(client.request("GET", "/hello").exchangeAsync()).status()).isEqualTo(200);
      Throwable refused = catchThrowable(() -> untrusting.request("GET", "/hello").exchange());
      assertThat(refused).isInstanceOf(ServiceCallException.class);
      assertThat(((ServiceCallException) refused).kind()).isEqualTo(ErrorKind.CONNECT_FAILED);
    }
  }

  @Test
  void aCertificateForAnotherHostIsRefusedUnlessHostnameVerificationIsTurnedOff() throws Exception {
    KeyStore serverKeys = keyPair("server", "dns:other.example");
    String url = startServer(context(serverKeys, serverKeys, "server"), false);
    SSLContext trust = context(null, serverKeys, "server");

    try (HttpServiceClient verifying = client(url, TransportOptions.builder().sslContext(trust).build());
        HttpServiceClient lax = client(url, TransportOptions.builder().sslContext(trust)
            .hostnameVerification(false).build())) {
      Throwable refused = catchThrowable(() -> verifying.request("GET", "/hello").exchange());
      assertThat(refused).isInstanceOf(ServiceCallException.class);
      assertThat(((ServiceCallException) refused).kind()).isEqualTo(ErrorKind.CONNECT_FAILED);
      assertThat(lax.request("GET", "/hello").exchange().status()).isEqualTo(200);
    }
  }

  @Test
  void mutualTlsSendsTheClientsCertificateOnlyFromTheClientThatHasIt() throws Exception {
    KeyStore serverKeys = keyPair("server", "ip:127.0.0.1");
    KeyStore clientKeys = keyPair("client", "dns:client.example");
    String url = startServer(context(serverKeys, clientKeys, "client"), true);

    try (HttpServiceClient withCert = client(url, TransportOptions.builder()
            .sslContext(context(clientKeys, serverKeys, "server")).build());
        HttpServiceClient withoutCert = client(url, TransportOptions.builder()
            .sslContext(context(null, serverKeys, "server")).build())) {
      assertThat(withCert.request("GET", "/hello").exchange().status()).isEqualTo(200);
      assertThat(catchThrowable(() -> withoutCert.request("GET", "/hello").exchange()))
          .isInstanceOf(ServiceCallException.class);
    }
  }

  @Test
  void http2OverTlsFallsBackToHttp11WhenTheServerDoesNotOfferH2() throws Exception {
    KeyStore serverKeys = keyPair("server", "ip:127.0.0.1");
    String url = startServer(context(serverKeys, serverKeys, "server"), false);

    try (HttpServiceClient client = client(url, TransportOptions.builder()
        .sslContext(context(null, serverKeys, "server")).protocol(TransportOptions.Protocol.HTTP_2).build())) {
      assertThat(client.request("GET", "/hello").exchange().bodyAsString()).isEqualTo("hello over tls");
      assertThat(CallPipeline.await(client.request("GET", "/hello").exchangeAsync()).status()).isEqualTo(200);
    }
  }
}

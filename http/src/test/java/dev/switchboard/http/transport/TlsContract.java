package dev.switchboard.http.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.tls.Http2Server;
import dev.switchboard.http.tls.TlsServer;
import dev.switchboard.pipeline.CallPipeline;
import dev.switchboard.testing.TestCertificates;
import dev.switchboard.transport.ConnectionPolicy;
import dev.switchboard.transport.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-client TLS and HTTP/2 on a transport, against real TLS servers (the JDK's HTTP/1.1-only
 * {@code HttpsServer}; Undertow for h2 by ALPN) with certificates made in the test: a private CA's
 * trust per client (PEM or a trust store), hostname verification on by default, mutual TLS (PEM or
 * a key store), h2 negotiated or falling back to HTTP/1.1, and an abort on a connection that fell
 * back dropping it. Each transport's test extends this class.
 */
public abstract class TlsContract {
  @TempDir
  protected Path dir;

  protected abstract HttpTransportFactory transport();

  protected HttpServiceClient client(String baseUrl, TlsConfig tls) {
    return client(baseUrl, tls, ConnectionPolicy.defaults());
  }

  protected HttpServiceClient client(String baseUrl, TlsConfig tls, ConnectionPolicy connections) {
    return new HttpServiceClient(ServiceConfig.builder().baseUrl(baseUrl).timeout(Duration.ofSeconds(5))
        .maxRetries(0).tls(tls).connections(connections).transport(transport()).build());
  }

  protected static ErrorKind kindOf(Runnable call) {
    Throwable t = catchThrowable(call::run);
    assertThat(t).isInstanceOf(ServiceCallException.class);
    return ((ServiceCallException) t).kind();
  }

  @Test
  void aClientTrustingAPrivateCertificateByPemCallsBlockingAndAsyncWhileTheJvmDefaultRefusesIt() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server", "ip:127.0.0.1");
    try (TlsServer https = TlsServer.start(server.context(null), false);
        HttpServiceClient trusting = client(https.baseUrl(),
            TlsConfig.builder().trustCertificatesPem(server.certificatePem()).build());
        HttpServiceClient untrusting = client(https.baseUrl(), TlsConfig.defaults())) {
      assertThat(trusting.request("GET", "/hello").exchange().bodyAsString()).isEqualTo("hello over tls");
      assertThat(CallPipeline.await(trusting.request("GET", "/hello").exchangeAsync()).status()).isEqualTo(200);
      assertThat(kindOf(() -> untrusting.request("GET", "/hello").exchange())).isEqualTo(ErrorKind.CONNECT_FAILED);
      assertThat(https.handled("/hello")).isEqualTo(2);
    }
  }

  @Test
  void aTrustStoreIsTrustedLikeAPemFile() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server", "ip:127.0.0.1");
    try (TlsServer https = TlsServer.start(server.context(null), false);
        HttpServiceClient client = client(https.baseUrl(), TlsConfig.builder().trustStore(server.keyStore())
            .trustStorePassword(TestCertificates.PASSWORD).build())) {
      assertThat(client.request("GET", "/hello").exchange().status()).isEqualTo(200);
    }
  }

  @Test
  void aCertificateForAnotherHostIsRefusedUnlessHostnameVerificationIsTurnedOffForThatClientOnly() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server", "dns:other.example");
    TlsConfig trust = TlsConfig.builder().trustCertificatesPem(server.certificatePem()).build();
    try (TlsServer https = TlsServer.start(server.context(null), false);
        HttpServiceClient verifying = client(https.baseUrl(), trust);
        HttpServiceClient lax = client(https.baseUrl(), trust.toBuilder().hostnameVerification(false).build());
        HttpServiceClient verifyingAfterwards = client(https.baseUrl(), trust)) {
      assertThat(kindOf(() -> verifying.request("GET", "/hello").exchange())).isEqualTo(ErrorKind.CONNECT_FAILED);
      assertThat(lax.request("GET", "/hello").exchange().status()).isEqualTo(200);
      assertThat(CallPipeline.await(lax.request("GET", "/hello").exchangeAsync()).status()).isEqualTo(200);
      assertThat(kindOf(() -> verifyingAfterwards.request("GET", "/hello").exchange()))
          .isEqualTo(ErrorKind.CONNECT_FAILED);
    }
  }

  @Test
  void mutualTlsPresentsTheClientCertificateFromPemFilesOrAKeyStoreAndOnlyFromTheClientThatHasIt() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server", "ip:127.0.0.1");
    TestCertificates client = TestCertificates.create(dir, "client", "dns:client.example");
    TlsConfig trust = TlsConfig.builder().trustCertificatesPem(server.certificatePem()).build();
    try (TlsServer https = TlsServer.start(server.context(client), true);
        HttpServiceClient withPem = client(https.baseUrl(), trust.toBuilder()
            .certificateChainPem(client.certificatePem()).privateKeyPem(client.privateKeyPem()).build());
        HttpServiceClient withStore = client(https.baseUrl(), trust.toBuilder()
            .keyStore(client.keyStore()).keyStorePassword(TestCertificates.PASSWORD).build());
        HttpServiceClient without = client(https.baseUrl(), trust)) {
      assertThat(withPem.request("GET", "/hello").exchange().status()).isEqualTo(200);
      assertThat(CallPipeline.await(withStore.request("GET", "/hello").exchangeAsync()).status()).isEqualTo(200);
      assertThat(catchThrowable(() -> without.request("GET", "/hello").exchange()))
          .isInstanceOf(ServiceCallException.class);
      assertThat(https.handled("/hello")).isEqualTo(2);
    }
  }

  @Test
  void http2OverTlsIsNegotiatedByAlpnWhenTheServerOffersIt() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server", "ip:127.0.0.1");
    try (Http2Server h2 = Http2Server.tls(server.context(null));
        HttpServiceClient client = client(h2.baseUrl(),
            TlsConfig.builder().trustCertificatesPem(server.certificatePem()).build(),
            ConnectionPolicy.builder().protocol(ConnectionPolicy.Protocol.HTTP_2).build())) {
      assertThat(client.request("GET", "/proto").exchange().bodyAsString()).isEqualTo("HTTP/2.0");
      assertThat(CallPipeline.await(client.request("GET", "/proto").exchangeAsync()).bodyAsString())
          .isEqualTo("HTTP/2.0");
    }
  }

  @Test
  void http2OverTlsFallsBackToHttp11WhenTheServerDoesNotOfferH2() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server", "ip:127.0.0.1");
    try (TlsServer https = TlsServer.start(server.context(null), false);
        HttpServiceClient client = client(https.baseUrl(),
            TlsConfig.builder().trustCertificatesPem(server.certificatePem()).build(),
            ConnectionPolicy.builder().protocol(ConnectionPolicy.Protocol.HTTP_2).build())) {
      assertThat(client.request("GET", "/hello").exchange().bodyAsString()).isEqualTo("hello over tls");
      assertThat(CallPipeline.await(client.request("GET", "/hello").exchangeAsync()).status()).isEqualTo(200);
    }
  }

  @Test
  void anExchangeAbortedOnAConnectionThatFellBackToHttp11DropsTheConnection() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server", "ip:127.0.0.1");
    try (TlsServer https = TlsServer.start(server.context(null), false);
        HttpServiceClient client = client(https.baseUrl(),
            TlsConfig.builder().trustCertificatesPem(server.certificatePem()).build(),
            ConnectionPolicy.builder().protocol(ConnectionPolicy.Protocol.HTTP_2).build())) {
      assertThat(client.request("GET", "/hello").exchange().status()).isEqualTo(200); // connection pooled

      ErrorKind kind = kindOf(() -> client.request("GET", "/drip").timeout(Duration.ofMillis(300)).exchange());

      assertThat(kind).isEqualTo(ErrorKind.DEADLINE_EXCEEDED);
      // HTTP/1.1 cannot abort one exchange and keep its connection: the server sees it closed
      // while it still has seconds of body to write.
      await().atMost(Duration.ofSeconds(5)).until(() -> https.clientsGone() == 1);
    }
  }
}

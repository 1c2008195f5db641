package dev.switchboard.http.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.tls.Http2Server;
import dev.switchboard.http.tls.TlsServer;
import dev.switchboard.pipeline.CallPipeline;
import dev.switchboard.testing.TestCertificates;
import dev.switchboard.transport.ConnectionPolicy;
import dev.switchboard.transport.TlsConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** TLS and HTTP/2 on the Apache transport, plus what only it does: h2c, and a context the user built without hostname verification. */
class ApacheTransportWithTlsTest extends TlsContract {
  @Override
  protected HttpTransportFactory transport() {
    return HttpTransportFactory.apache();
  }

  @Test
  void h2cWithPriorKnowledgeSpeaksHttp2OverPlainTcpBlockingAndAsync() {
    try (Http2Server h2c = Http2Server.cleartext();
        HttpServiceClient client = new HttpServiceClient(ServiceConfig.builder().baseUrl(h2c.baseUrl())
            .connections(ConnectionPolicy.builder().protocol(ConnectionPolicy.Protocol.HTTP_2).build())
            .transport(transport()).build())) {
      assertThat(client.request("GET", "/proto").exchange().bodyAsString()).isEqualTo("HTTP/2.0");
      assertThat(CallPipeline.await(client.request("GET", "/proto").exchangeAsync()).bodyAsString())
          .isEqualTo("HTTP/2.0");
      assertThat(h2c.http2Exchanges()).isEqualTo(2);
    }
  }

  @Test
  void aContextTheUserBuiltIsUsedAsGivenAndHostnameVerificationCanStillBeTurnedOff() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server", "dns:other.example");
    TestCertificates client = TestCertificates.create(dir, "client", "dns:client.example");
    try (TlsServer https = TlsServer.start(server.context(null), false);
        HttpServiceClient lax = client(https.baseUrl(), TlsConfig.builder().sslContext(client.context(server))
            .hostnameVerification(false).build())) {
      assertThat(lax.request("GET", "/hello").exchange().status()).isEqualTo(200);
      assertThat(CallPipeline.await(lax.request("GET", "/hello").timeout(Duration.ofSeconds(5)).exchangeAsync())
          .status()).isEqualTo(200);
    }
  }
}

package dev.switchboard.http.transport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.testing.TestCertificates;
import dev.switchboard.transport.ConnectionPolicy;
import dev.switchboard.transport.TlsConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** TLS and HTTP/2 on {@code java.net.http}, plus the settings it refuses, each named in the error. */
class JdkTransportWithTlsTest extends TlsContract {
  @Override
  protected HttpTransportFactory transport() {
    return HttpTransportFactory.jdk();
  }

  @Test
  void settingsJavaNetHttpCannotHonourPerClientAreRefusedWhenTheClientIsBuilt() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server", "ip:127.0.0.1");
    ServiceConfig.Builder base = ServiceConfig.builder().baseUrl("http://127.0.0.1:1").transport(transport());
    assertThatThrownBy(() -> new HttpServiceClient(base.connections(ConnectionPolicy.builder()
        .protocol(ConnectionPolicy.Protocol.HTTP_2).build()).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("h2c");
    assertThatThrownBy(() -> new HttpServiceClient(base.connections(ConnectionPolicy.builder()
        .maxConnectionsPerEndpoint(8).build()).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdk.httpclient.connectionPoolSize");
    assertThatThrownBy(() -> new HttpServiceClient(ServiceConfig.builder().baseUrl("https://127.0.0.1:1")
        .transport(transport()).tls(TlsConfig.builder().sslContext(server.context(null))
            .hostnameVerification(false).build()).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hostname verification");
    // Idle timeout and lifetime are pool settings too.
    assertThatThrownBy(() -> new HttpServiceClient(base.connections(ConnectionPolicy.builder()
        .idleTimeout(Duration.ofSeconds(5)).build()).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pool");
  }
}

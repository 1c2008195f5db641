package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {
  @Test
  void seedOneLinerMapsBaseUrlToAStaticTarget() {
    ServiceConfig c = ServiceConfig.of("http://user-service:8000/api/", Duration.ofSeconds(5), 3);
    assertThat(c.discoveryTarget()).isEqualTo("static:user-service:8000");
    assertThat(c.pathPrefix()).isEqualTo("/api");
    assertThat(c.name()).isEqualTo("user-service");
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.maxRetries()).isEqualTo(3);
    assertThat(c.maxResponseBytes()).isEqualTo(10L * 1024 * 1024);
  }

  @Test
  void defaultPortsFollowTheScheme() {
    assertThat(ServiceConfig.of("http://h").discoveryTarget()).isEqualTo("static:h:80");
    assertThat(ServiceConfig.of("https://h").discoveryTarget()).isEqualTo("static:h:443");
    assertThat(ServiceConfig.of("https://h").scheme()).isEqualTo("https");
  }

  @Test
  void invalidValuesFailNamingTheFieldAndQuotingTheValue() {
    assertThatThrownBy(() -> ServiceConfig.of("not a url"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"not a url\"");
    assertThatThrownBy(() -> ServiceConfig.of("ftp://h"))
        .hasMessageContaining("\"ftp://h\"").hasMessageContaining("http or https");
    assertThatThrownBy(() -> ServiceConfig.of("http://h?x=1"))
        .hasMessageContaining("query");
    assertThatThrownBy(() -> ServiceConfig.target("gopher:///x"))
        .hasMessageContaining("\"gopher:///x\"");
    assertThatThrownBy(() -> ServiceConfig.builder().baseUrl("http://h").timeout(Duration.ZERO).build())
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> ServiceConfig.builder().baseUrl("http://h").maxRetries(9).build())
        .hasMessageContaining("maxRetries");
    assertThatThrownBy(() -> ServiceConfig.builder().baseUrl("http://h").maxResponseBytes(0).build())
        .hasMessageContaining("maxResponseBytes");
    assertThatThrownBy(() -> ServiceConfig.builder().baseUrl("http://h").balancer("nope").build())
        .hasMessageContaining("\"nope\"");
    assertThatThrownBy(() -> ServiceConfig.builder().build())
        .hasMessageContaining("baseUrl or target");
    assertThatThrownBy(() -> ServiceConfig.builder().baseUrl(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("baseUrl");
  }

  @Test
  void toBuilderRoundTrips() {
    ServiceConfig c = ServiceConfig.builder().name("users").target("static:127.0.0.1:1").timeout(Duration.ofMillis(300)).build();
    ServiceConfig copy = c.toBuilder().build();
    assertThat(copy.name()).isEqualTo("users");
    assertThat(copy.discoveryTarget()).isEqualTo("static:127.0.0.1:1");
    assertThat(copy.timeout()).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void aBaseUrlWithUserInfoIsRejectedWithoutRepeatingThePassword() {
    assertThatThrownBy(() -> ServiceConfig.of("http://admin:s3cret@users:8080/api"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user info are not allowed")
        .hasMessageContaining("http://***@users:8080/api")
        .hasMessageNotContaining("s3cret").hasMessageNotContaining("admin");
  }

  @Test
  void anUnparseableBaseUrlWithUserInfoKeepsThePasswordOutOfTheMessageAndTheCause() {
    Throwable e = org.assertj.core.api.Assertions.catchThrowable(
        () -> ServiceConfig.of("http://admin:s3cret@users:8080/a path"));
    assertThat(e).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("***@users:8080").hasMessageNotContaining("s3cret");
    for (Throwable c = e; c != null; c = c.getCause()) {
      assertThat(String.valueOf(c.getMessage())).doesNotContain("s3cret");
    }
  }

  @Test
  void transportTlsAndConnectionsDefaultToTheModuleDefaultsAndRoundTrip() {
    ServiceConfig d = ServiceConfig.of("https://h");
    assertThat(d.transport()).isEmpty();
    assertThat(d.tls().isDefault()).isTrue();
    assertThat(d.connections()).isSameAs(dev.switchboard.transport.ConnectionPolicy.defaults());
    dev.switchboard.transport.TransportFactory custom = new dev.switchboard.transport.TransportFactory() { };
    dev.switchboard.transport.TlsConfig lax = dev.switchboard.transport.TlsConfig.builder().hostnameVerification(false).build();
    ServiceConfig c = ServiceConfig.builder().target("static:127.0.0.1:1").tls(lax).transport(custom)
        .connections(dev.switchboard.transport.ConnectionPolicy.builder().maxConnectionsPerEndpoint(8).build()).build();
    assertThat(c.scheme()).as("TLS material implies https for a target").isEqualTo("https");
    ServiceConfig copy = c.toBuilder().build();
    assertThat(copy.transport()).containsSame(custom);
    assertThat(copy.tls()).isSameAs(lax);
    assertThat(copy.connections().maxConnectionsPerEndpoint()).isEqualTo(8);
  }

  @Test
  void tlsMaterialForAPlainHttpBaseUrlIsAMistakeReportedAtBuild() {
    dev.switchboard.transport.TlsConfig lax = dev.switchboard.transport.TlsConfig.builder().hostnameVerification(false).build();
    assertThatThrownBy(() -> ServiceConfig.builder().baseUrl("http://h").tls(lax).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("over http");
  }
}

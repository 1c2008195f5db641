package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.fallback.FallbackProbe;
import dev.switchboard.http.transport.HttpTransportFactory;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import dev.switchboard.transport.TransportFactory;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Which transport a client gets without choosing: Apache HttpClient 5 when {@code switchboard-http}
 * brought it along, {@code java.net.http} when a build excluded it (proved in a class loader that
 * holds only core, http, Jackson and SLF4J, the way such a build's class path would).
 */
class DefaultTransportTest {
  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void addingSwitchboardHttpGivesTheApacheTransportWithNoConfiguration() {
    server.route("GET", "/hello").reply(Reply.ok("hi"));
    try (HttpServiceClient client = new HttpServiceClient(ServiceConfig.of(server.baseUrl()))) {
      assertThat(HttpTransportFactory.defaults().name()).isEqualTo("apache");
      assertThat(client.transportName()).isEqualTo("apache");
      assertThat(client.request("GET", "/hello").exchange().bodyAsString()).isEqualTo("hi");
    }
  }

  @Test
  void aClientOnAClassPathWithoutHttpClient5FallsBackToJavaNetHttpAndWorks() throws Exception {
    server.route("GET", "/hello").reply(Reply.ok("hi"));
    URL[] withoutApache = {
        location(FallbackProbe.class), location(HttpServiceClient.class), location(ServiceConfig.class),
        location(ObjectMapper.class), location(JsonFactory.class), location(JsonProperty.class),
        location(LoggerFactory.class)};
    try (URLClassLoader loader = new URLClassLoader(withoutApache, ClassLoader.getPlatformClassLoader())) {
      assertThat(loader.getResource("org/apache/hc/client5/http/impl/classic/CloseableHttpClient.class")).isNull();
      Object result = loader.loadClass(FallbackProbe.class.getName()).getMethod("call", String.class)
          .invoke(null, server.baseUrl());
      assertThat(result).isEqualTo("jdk jdk hi");
    }
  }

  @Test
  void aTransportFactoryOfAnotherProtocolIsRefusedNamingIt() {
    TransportFactory grpcLike = new TransportFactory() {
      @Override
      public String name() {
        return "grpc-netty";
      }
    };
    assertThatThrownBy(() -> new HttpServiceClient(ServiceConfig.builder().baseUrl(server.baseUrl())
        .transport(grpcLike).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpc-netty").hasMessageContaining("not an HTTP transport");
  }

  @Test
  void theChosenTransportIsTheOneTheConfigNames() {
    try (HttpServiceClient client = new HttpServiceClient(ServiceConfig.builder().baseUrl(server.baseUrl())
        .transport(HttpTransportFactory.jdk()).build())) {
      assertThat(client.transportName()).isEqualTo("jdk");
    }
  }

  private static URL location(Class<?> c) {
    return c.getProtectionDomain().getCodeSource().getLocation();
  }
}

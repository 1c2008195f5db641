package dev.switchboard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.switchboard.config.ConfigException;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.transport.HttpTransportFactory;
import dev.switchboard.testing.TestCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;

/**
 * TLS clients configured in YAML ({@code tls-clients.yml}) call a real loopback HTTPS server that
 * demands a client certificate, with certificates made in the test by the JDK's keytool: one
 * client with PEM files on the default transport, one with PKCS#12 stores on {@code jdk}, chosen
 * by name.
 */
class SwitchboardStarterWithTlsClientsTest {
  private static final String PASSWORD = TestCertificates.PASSWORD;

  @TempDir
  Path dir;
  private HttpsServer https;

  @BeforeEach
  void startAServerDemandingAClientCertificate() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server", "ip:127.0.0.1");
    TestCertificates client = TestCertificates.create(dir, "client", "dns:client.example");
    SSLContext context = server.context(client);
    https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setNeedClientAuth(true);
        params.setSSLParameters(p);
      }
    });
    https.createContext("/whoami", exchange -> {
      byte[] body = ("you are " + ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName())
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    https.start();
  }

  @AfterEach
  void stop() {
    https.stop(0);
  }

  private ApplicationContextRunner fromYaml() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SwitchboardAutoConfiguration.class))
        .withInitializer(ctx -> {
          try {
            new YamlPropertySourceLoader().load("tls-clients.yml", new ClassPathResource("tls-clients.yml"))
                .forEach(ctx.getEnvironment().getPropertySources()::addLast);
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        })
        .withPropertyValues("test.tls.port=" + https.getAddress().getPort(), "test.tls.dir=" + dir,
            "test.tls.password=" + PASSWORD);
  }

  @Test
  void tlsClientsFromYamlPresentTheirCertificatesToAServerThatDemandsThem() {
    fromYaml().run(ctx -> {
      HttpServiceClient secure = ctx.getBean("secureClient", HttpServiceClient.class);
      HttpServiceClient secureJdk = ctx.getBean("secureJdkClient", HttpServiceClient.class);

      assertThat(secure.get("/whoami", String.class)).isEqualTo("you are CN=client");
      assertThat(secureJdk.get("/whoami", String.class)).isEqualTo("you are CN=client");
      assertThat(HttpTransportFactory.of(secure.config())).isSameAs(HttpTransportFactory.apache());
      assertThat(HttpTransportFactory.of(secureJdk.config())).isSameAs(HttpTransportFactory.jdk());
      assertThat(secureJdk.config().scheme()).isEqualTo("https");
      assertThat(secure.config().connections().maxConnectionsPerEndpoint()).isEqualTo(4);
    });
  }

  @Test
  void aWrongStorePasswordStopsTheApplicationNamingTheKeyButNotThePassword() {
    fromYaml().withPropertyValues("switchboard.clients.secure-jdk.tls.key-store-password=not-the-pw-42").run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(ctx.getStartupFailure()).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
          .contains("switchboard.clients.secure-jdk.tls.key-store: ").doesNotContain("not-the-pw-42"));
    });
  }
}

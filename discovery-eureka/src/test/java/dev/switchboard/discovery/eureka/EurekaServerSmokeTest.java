package dev.switchboard.discovery.eureka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.netflix.eureka.server.EnableEurekaServer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

class EurekaServerSmokeTest {
  @Configuration
  @EnableAutoConfiguration
  @EnableEurekaServer
  static class App {}

  @Test
  void starts() throws Exception {
    long t0 = System.nanoTime();
    try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(App.class)
        .properties("server.port=0", "server.address=127.0.0.1", "eureka.client.register-with-eureka=false",
            "eureka.client.fetch-registry=false", "eureka.server.enable-self-preservation=false",
            "spring.main.banner-mode=off")
        .run()) {
      int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
      System.out.println("started in ms " + (System.nanoTime() - t0) / 1_000_000 + " port " + port);
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/eureka/apps")).header("Accept", "application/json").build(),
          HttpResponse.BodyHandlers.ofString());
      System.out.println(r.statusCode() + " " + r.body());
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }
}

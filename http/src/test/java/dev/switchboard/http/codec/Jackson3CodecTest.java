package dev.switchboard.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.BodyCodec;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.Jackson3Codec;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class Jackson3CodecTest extends BodyCodecContract {
  @Override
  BodyCodec codec() {
    return Jackson3Codec.defaults();
  }

  @Test
  void aClientOnTheApplicationsJackson3MapperEncodesAndDecodesThroughThePipeline() {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.route("POST", "/users").handler(r -> Reply.json(201, r.bodyAsString().replace("}", ",\"id\":\"9\"}")));
      server.route("GET", "/broken").reply(Reply.json(200, "{\"id\":"));
      Jackson3Codec codec = new Jackson3Codec(JsonMapper.builder().build());
      try (HttpServiceClient client = new HttpServiceClient(
          ServiceConfig.builder().name("users").baseUrl(server.baseUrl()).build(), codec)) {
        User created = client.post("/users", new User(null, "Ann"), User.class);

        assertThat(client.bodyCodec()).isSameAs(codec);
        assertThat(created).isEqualTo(new User("9", "Ann"));
        assertThat(server.requests().get(0).header("content-type")).isEqualTo("application/json");
        assertThatThrownBy(() -> client.get("/broken", User.class))
            .isInstanceOfSatisfying(ServiceCallException.class, e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL_ERROR);
              assertThat(e.getMessage()).contains(" as " + User.class.getName() + ": ");
            });
        assertThatThrownBy(client::codec).isInstanceOf(IllegalStateException.class).hasMessageContaining("bodyCodec()");
      }
    }
  }
}

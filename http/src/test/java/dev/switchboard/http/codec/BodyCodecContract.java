package dev.switchboard.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ProtocolException;
import dev.switchboard.http.BodyCodec;
import dev.switchboard.pipeline.Response;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@link BodyCodec} contract; each built-in codec's test extends it. */
abstract class BodyCodecContract {
  public record User(String id, String name) {}

  /** The codec under test, with its defaults. */
  abstract BodyCodec codec();

  static Response response(int status, String contentType, String body) {
    Map<String, List<String>> headers = contentType == null ? Map.of() : Map.of("content-type", List.of(contentType));
    return new Response(status, headers, body.getBytes(StandardCharsets.UTF_8), Endpoint.of("127.0.0.1", 8080));
  }

  static Type listOf(Type element) {
    return new ParameterizedType() {
      @Override public Type[] getActualTypeArguments() { return new Type[] {element}; }
      @Override public Type getRawType() { return List.class; }
      @Override public Type getOwnerType() { return null; }
    };
  }

  @Test
  void encodesValuesAsJsonAndSendsBytesAsTheyAre() {
    assertThat(new String(codec().encode(new User("1", "Ann")), StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":\"1\",\"name\":\"Ann\"}");
    byte[] raw = {1, 2, 3};
    assertThat(codec().encode(raw)).isSameAs(raw);
    assertThat(codec().contentType()).isEqualTo("application/json");
  }

  @Test
  void decodesObjectsAndGenericTypesIgnoringUnknownProperties() {
    User u = codec().decode(response(200, "application/json", "{\"id\":\"7\",\"name\":\"Bo\",\"extra\":1}"), User.class);
    List<User> all = codec().decode(response(200, "application/problem+json; charset=utf-8",
        "[{\"id\":\"1\",\"name\":\"A\"},{\"id\":\"2\",\"name\":\"B\"}]"), listOf(User.class));

    assertThat(u).isEqualTo(new User("7", "Bo"));
    assertThat(all).containsExactly(new User("1", "A"), new User("2", "B"));
  }

  @Test
  void specialTypesBypassJson() {
    Response r = response(200, "text/plain", "not json");
    assertThat((String) codec().decode(r, String.class)).isEqualTo("not json");
    assertThat((byte[]) codec().decode(r, byte[].class)).isEqualTo("not json".getBytes(StandardCharsets.UTF_8));
    assertThat((Response) codec().decode(r, Response.class)).isSameAs(r);
    assertThat((Object) codec().decode(r, Void.class)).isNull();
  }

  @Test
  void undecodableBodiesAreProtocolErrorsNamingTheTypeTheStatusAndTheEndpoint() {
    String[][] cases = {
        {"application/json", "", "the body is empty"},
        {"text/html", "<html>", "content type is \"text/html\", not JSON"},
        {"application/json", "{\"id\":", ""},
        {"application/json", "null", "the body is JSON null"},
        {null, "[1,2]", ""},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> codec().decode(response(200, c[0], c[1]), User.class)).as(c[1])
          .isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL_ERROR);
            assertThat(e.getMessage()).contains("cannot decode the 200 response from 127.0.0.1:8080 as")
                .contains(" as " + User.class.getName()).contains(c[2]);
          });
    }
  }

  @Test
  void aValueThatCannotBeEncodedNamesItsClass() {
    Object selfReferencing = new Object() {
      public Object getSelf() { return this; }
    };
    assertThatThrownBy(() -> codec().encode(selfReferencing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot encode " + selfReferencing.getClass().getName() + " as JSON");
  }
}

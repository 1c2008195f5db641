package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.declarative.Body;
import dev.switchboard.http.declarative.Get;
import dev.switchboard.http.declarative.Path;
import dev.switchboard.http.declarative.Post;
import dev.switchboard.http.declarative.Query;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear error, and nothing else happens (nothing reaches the server). */
class HttpServiceClientBadInputTest {
  private ScriptedServer server;
  private HttpServiceClient client;

  @BeforeEach
  void start() {
    server = ScriptedServer.start();
    server.route("*", "/**").reply(Reply.json(200, "{}"));
    client = new HttpServiceClient(ServiceConfig.of(server.baseUrl()));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void pathVariablesArePercentEncodedAndNeverChangeThePath() {
    client.get(PathTemplate.expand("/users/{id}", "../admin"), String.class);
    client.get(PathTemplate.expand("/users/{id}", "a b"), String.class);
    client.get(PathTemplate.expand("/users/{id}/x", ".."), String.class);
    assertThat(server.requests()).extracting(r -> r.path())
        .containsExactly("/users/..%2Fadmin", "/users/a%20b", "/users/%2E%2E/x");
  }

  @Test
  void rawPathsThatNeedEncodingAreRejected() {
    assertThatThrownBy(() -> client.get("/users/a b", String.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"/users/a b\"");
    assertThatThrownBy(() -> client.get("/users?x=1", String.class)).hasMessageContaining("query(");
    assertThatThrownBy(() -> client.get("users", String.class)).hasMessageContaining("must start with '/'");
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void queryParametersAreEncoded() {
    client.request("GET", "/search").query("q", "a&b=c d").query("skip", null).send(String.class);
    assertThat(server.requests().get(0).rawQuery()).isEqualTo("q=a%26b%3Dc%20d");
    assertThat(server.requests().get(0).queryParam("q")).isEqualTo("a&b=c d");
  }

  @Test
  void crOrLfInAHeaderIsRejectedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> client.request("GET", "/x").header("x-a", "v\r\nx-evil: 1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CR, LF");
    assertThatThrownBy(() -> client.request("GET", "/x").header("x-a\n", "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.request("GET", "/x").header("Host", "evil"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set by the transport");
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void nullArgumentsNameTheParameter() {
    assertThatThrownBy(() -> client.get(null, String.class)).isInstanceOf(NullPointerException.class).hasMessageContaining("path");
    assertThatThrownBy(() -> client.get("/x", (Class<String>) null)).hasMessageContaining("type");
    assertThatThrownBy(() -> client.post("/x", null, String.class)).hasMessageContaining("body");
    assertThatThrownBy(() -> client.request("GET", "/x").header("h", null)).hasMessageContaining("header h");
    assertThatThrownBy(() -> new HttpServiceClient(null)).hasMessageContaining("config");
    assertThatThrownBy(() -> PathTemplate.expand("/users/{id}", (Object) null)).hasMessageContaining("{id}");
  }

  @Test
  void invalidBaseUrlOrTargetFailsAtConstructionQuotingTheValue() {
    assertThatThrownBy(() -> new HttpServiceClient(ServiceConfig.of("htp:/nowhere")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"htp:/nowhere\"");
    assertThatThrownBy(() -> new HttpServiceClient(ServiceConfig.target("static:localhost")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"static:localhost\"");
  }

  @Test
  void getWithABodyIsRejected() {
    assertThatThrownBy(() -> client.request("GET", "/x").body("{}").send(String.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not have a body");
  }

  interface UnboundVariable {
    @Get("/users/{id}")
    String get(@Query("id") String id);
  }

  interface TwoBodies {
    @Post("/users")
    String create(@Body String a, @Body String b);
  }

  interface Unannotated {
    @Get("/users")
    String find(String email);
  }

  interface NoVerb {
    String find();
  }

  interface PathWithoutVariable {
    @Get("/users")
    String find(@Path("id") String id);
  }

  interface BodyOnGet {
    @Get("/users")
    String find(@Body String b);
  }

  @Test
  void malformedDeclarativeInterfacesFailAtCreationNamingTheMethod() {
    ServiceConfig config = ServiceConfig.of(server.baseUrl());
    assertThatThrownBy(() -> HttpServiceClient.create(UnboundVariable.class, config))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UnboundVariable.get")
        .hasMessageContaining("{id}").hasMessageContaining("not bound");
    assertThatThrownBy(() -> HttpServiceClient.create(TwoBodies.class, config))
        .hasMessageContaining("TwoBodies.create").hasMessageContaining("two @Body");
    assertThatThrownBy(() -> HttpServiceClient.create(Unannotated.class, config))
        .hasMessageContaining("Unannotated.find").hasMessageContaining("parameter 1");
    assertThatThrownBy(() -> HttpServiceClient.create(NoVerb.class, config))
        .hasMessageContaining("NoVerb.find").hasMessageContaining("@Get");
    assertThatThrownBy(() -> HttpServiceClient.create(PathWithoutVariable.class, config))
        .hasMessageContaining("PathWithoutVariable.find").hasMessageContaining("@Path(\"id\")");
    assertThatThrownBy(() -> HttpServiceClient.create(BodyOnGet.class, config))
        .hasMessageContaining("BodyOnGet.find").hasMessageContaining("GET");
    assertThat(server.requestCount()).isZero();
  }
}

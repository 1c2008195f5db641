package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.declarative.Get;
import dev.switchboard.http.declarative.Path;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.DestinationStates;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServers;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Metrics and spans aggregate on templates: which calls know theirs, and that a raw path never stands in. */
class PathTemplatesReachTelemetryTest {
  interface Users {
    @Get("/users/{id}")
    String user(@Path("id") String id);
  }

  private final List<CallInfo> calls = new CopyOnWriteArrayList<>();
  private ScriptedServers replicas;
  private HttpServiceClient client;

  @BeforeEach
  void start() {
    replicas = ScriptedServers.start(1);
    replicas.route("GET", "/users/{id}", Reply.json(200, "\"ok\""));
    client = new HttpServiceClient(ServiceConfig.builder().name("users").target(replicas.staticTarget())
        .telemetry(new TelemetryListener() {
          @Override
          public void onCallStart(CallInfo call) {
            calls.add(call);
          }
        }).build());
  }

  @AfterEach
  void stop() {
    client.close();
    replicas.close();
  }

  @Test
  void aPathStraightFromPathTemplateExpandIsRecordedUnderItsTemplate() {
    client.get(PathTemplate.expand("/users/{id}", "42"), String.class);

    assertThat(calls).singleElement().satisfies(c -> {
      assertThat(c.template()).isEqualTo("/users/{id}");
      assertThat(c.path()).isEqualTo("/users/42");
    });
  }

  @Test
  void anEqualPathBuiltElsewhereNeverBorrowsTheLastTemplate() {
    String expanded = PathTemplate.expand("/users/{id}", "42");
    client.get(new String(expanded), String.class); // equal, not the same instance
    client.get("/users/" + 7, String.class);

    assertThat(calls).extracting(CallInfo::template).containsExactly(CallInfo.UNKNOWN_TEMPLATE, CallInfo.UNKNOWN_TEMPLATE);
  }

  @Test
  void aDeclarativeMethodAndAnExplicitTemplateAreRecordedUnderTheirTemplates() {
    HttpServiceClient.create(Users.class, client).user("42");
    client.request("GET", "/users/" + 9).pathTemplate("/users/{userId}").send(String.class);

    assertThat(calls).extracting(CallInfo::template).containsExactly("/users/{id}", "/users/{userId}");
  }

  @Test
  void anExplicitTemplateIsValidatedWhenSet() {
    assertThatThrownBy(() -> client.request("GET", "/users/1").pathTemplate("users/{id}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> client.request("GET", "/users/1").pathTemplate("/users?id={id}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no query");
  }

  @Test
  void anOpenClientIsListedWithItsStateAndDisappearsWhenClosed() {
    client.get(PathTemplate.expand("/users/{id}", "1"), String.class);

    assertThat(DestinationStates.all()).contains(client.state());
    assertThat(client.state().endpoints()).singleElement()
        .satisfies(e -> assertThat(e.successes()).isEqualTo(1));
    client.close();
    assertThat(DestinationStates.all()).doesNotContain(client.state());
  }
}

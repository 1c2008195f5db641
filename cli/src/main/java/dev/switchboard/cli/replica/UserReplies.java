package dev.switchboard.cli.replica;

import dev.switchboard.testing.LatencyDistribution;
import dev.switchboard.testing.RecordedRequest;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import java.util.Map;
import java.util.function.Function;

/**
 * The seed's user-service as the demo and lab replicas answer it: {@code GET /users/{id}} with the
 * user's JSON (ids 123 and 124 exist, others are 404). Faults are a function from the request to
 * the {@link Reply} to play, so a replica can turn flaky, slow or dead while it serves.
 */
public final class UserReplies {
  /** The path every demo and lab client calls (with an id). */
  public static final String ROUTE = "/users/{id}";

  private static final Map<String, String> USERS = Map.of(
      "123", "{\"id\":\"123\",\"email\":\"ada@example.com\",\"name\":\"Ada Lovelace\"}",
      "124", "{\"id\":\"124\",\"email\":\"alan@example.com\",\"name\":\"Alan Turing\"}");

  private UserReplies() {}

  /** The healthy answer to {@code request}: 200 with the user, or 404. */
  public static Reply answer(RecordedRequest request) {
    String user = USERS.get(request.pathParam("id"));
    return user == null ? Reply.json(404, "{\"error\":\"no such user\"}") : Reply.json(200, user);
  }

  /** Serves users on {@code server}, each answer after one draw of {@code latency}. */
  public static void serve(ScriptedServer server, LatencyDistribution latency) {
    server.route("GET", ROUTE).handler(r -> answer(r).latency(latency));
  }

  /** Serves users on {@code server} through {@code script}, which may answer anything it likes. */
  public static void serve(ScriptedServer server, Function<RecordedRequest, Reply> script) {
    server.route("GET", ROUTE).handler(script::apply);
  }
}

package dev.switchboard.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A real {@link Transport} that keeps its exchanges in memory: every attempt is recorded with its
 * future, and a script decides each answer (at once, or later by the test). The pipeline under
 * test is the real one; only the wire is replaced. Thread-safe.
 */
final class InMemoryTransport implements Transport {
  /** One attempt that reached the transport. */
  record Exchange(Attempt attempt, Request request, CompletableFuture<Response> future) {
    void answer(int status) {
      future.complete(response(attempt, status));
    }
  }

  final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private volatile BiFunction<Attempt, Request, CompletableFuture<Response>> script;

  /** Answers every attempt at once with {@code status}; the body names the attempt. */
  static InMemoryTransport answering(int status) {
    InMemoryTransport t = new InMemoryTransport();
    t.script = (attempt, request) -> CompletableFuture.completedFuture(response(attempt, status));
    return t;
  }

  /** Leaves every attempt in flight until the test answers it. */
  static InMemoryTransport pending() {
    InMemoryTransport t = new InMemoryTransport();
    t.script = (attempt, request) -> new CompletableFuture<>();
    return t;
  }

  /** Answers by path: {@code paths} maps a path to a status; other paths stay in flight. */
  static InMemoryTransport byPath(Map<String, Integer> paths) {
    InMemoryTransport t = new InMemoryTransport();
    t.script = (attempt, request) -> {
      Integer status = paths.get(request.path());
      return status == null ? new CompletableFuture<>() : CompletableFuture.completedFuture(response(attempt, status));
    };
    return t;
  }

  static Response response(Attempt attempt, int status) {
    return new Response(status, Map.of(), ("attempt " + attempt.number()).getBytes(StandardCharsets.UTF_8),
        attempt.endpoint());
  }

  @Override
  public CompletableFuture<Response> send(Attempt attempt, Request request) {
    CompletableFuture<Response> f = script.apply(attempt, request);
    exchanges.add(new Exchange(attempt, request, f));
    return f;
  }

  Exchange get(int number) {
    return exchanges.stream().filter(e -> e.attempt().number() == number).findFirst().orElseThrow();
  }
}

package dev.switchboard.testing;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * How a {@link Route} picks the reply for each request. Implementations are called from connection
 * threads concurrently and must be thread-safe; the factories here are.
 */
@FunctionalInterface
interface RouteScript {
  /** A route with no script yet answers 200 with an empty body. */
  RouteScript DEFAULT = always(Reply.status(200));

  Reply next(RecordedRequest request);

  static RouteScript always(Reply reply) {
    Objects.requireNonNull(reply, "reply");
    return request -> reply;
  }

  /** The replies in order; the last one repeats forever. */
  static RouteScript sequence(List<Reply> replies) {
    if (replies.isEmpty()) {
      throw new IllegalArgumentException("a sequence needs at least one reply");
    }
    List<Reply> copy = List.copyOf(replies); // also rejects null elements
    int last = copy.size() - 1;
    AtomicInteger index = new AtomicInteger();
    return request -> copy.get(index.getAndUpdate(i -> i < last ? i + 1 : i));
  }

  static RouteScript handler(Function<RecordedRequest, Reply> handler) {
    Objects.requireNonNull(handler, "handler");
    return request -> {
      Reply reply = handler.apply(request);
      if (reply == null) {
        throw new IllegalStateException("handler returned null for " + request);
      }
      return reply;
    };
  }
}

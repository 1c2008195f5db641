package dev.switchboard.testing;

import dev.switchboard.testing.internal.PathTemplate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One method and path template on a {@link ScriptedServer}, with the script that answers it and
 * counters of what it served. Obtain it from {@link ScriptedServer#route(String, String)}.
 *
 * <p>The script may be replaced at any time, also while requests are in flight (a test flips a
 * replica from healthy to failing): requests dispatched afterwards see the new script; exchanges
 * already playing their reply finish with the old one. Thread-safe.
 */
public final class Route {
  private final String method;
  private final PathTemplate template;
  private volatile RouteScript script = RouteScript.DEFAULT;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong aborted = new AtomicLong();

  Route(String method, PathTemplate template) {
    this.method = method;
    this.template = template;
  }

  /** Answers every request with {@code reply}. */
  public Route reply(Reply reply) {
    script = RouteScript.always(reply);
    return this;
  }

  /** Answers with {@code first}, then each of {@code more} in order; the last one repeats. */
  public Route sequence(Reply first, Reply... more) {
    List<Reply> replies = new ArrayList<>(1 + more.length);
    replies.add(Objects.requireNonNull(first, "first"));
    replies.addAll(Arrays.asList(more));
    script = RouteScript.sequence(replies);
    return this;
  }

  /**
   * Computes each reply from the request (echo a header, fail every third call...). Called on
   * connection threads concurrently. An exception or null result is answered with a 500.
   */
  public Route handler(Function<RecordedRequest, Reply> handler) {
    script = RouteScript.handler(handler);
    return this;
  }

  /** The method, upper-cased, or {@code *} for any. */
  public String method() {
    return method;
  }

  public String pathTemplate() {
    return template.toString();
  }

  /** Requests this route served since the server started or was last {@link ScriptedServer#clear() cleared}. */
  public int requestCount() {
    return requests.get();
  }

  /** Exchanges of this route whose client went away before the reply was fully written. */
  public long abortedExchanges() {
    return aborted.get();
  }

  @Override
  public String toString() {
    return method + " " + template;
  }

  PathTemplate template() {
    return template;
  }

  Reply answer(RecordedRequest request) {
    requests.incrementAndGet();
    return script.next(request);
  }

  void countAbort() {
    aborted.incrementAndGet();
  }

  void resetCounters() {
    requests.set(0);
    aborted.set(0);
  }
}

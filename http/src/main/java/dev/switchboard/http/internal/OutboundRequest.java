package dev.switchboard.http.internal;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.TraceContext;
import dev.switchboard.context.WireHeaders;
import dev.switchboard.errors.DeadlineExceededException;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Request;
import dev.switchboard.time.Deadline;
import dev.switchboard.time.Timer;
import java.util.List;
import java.util.Map;

/**
 * One attempt as every HTTP transport writes it: the target, the caller's headers plus the wire
 * headers of DESIGN.md (correlation id, a child {@code traceparent}, remaining time, attempt
 * number, hedge flag), the body and the attempt's deadline. Built once per attempt, so each
 * transport only copies it into its own request type. Immutable.
 */
public final class OutboundRequest {
  private static final String HEDGE = "1";
  /** Attempt numbers as strings; attempts are capped at 5, so no call formats one. */
  private static final String[] NUMBERS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

  private final Attempt attempt;
  private final String method;
  private final String scheme;
  private final String target;
  private final String[] headers; // name, value, name, value, ...; names lowercase; headerCount pairs used
  private final int headerCount;
  private final byte[] body;
  private final Deadline deadline;
  private final Timer timer;

  private OutboundRequest(Attempt attempt, String method, String scheme, String target,
      String[] headers, int headerCount, byte[] body, Deadline deadline, Timer timer) {
    this.attempt = attempt;
    this.method = method;
    this.scheme = scheme;
    this.target = target;
    this.headers = headers;
    this.headerCount = headerCount;
    this.body = body;
    this.deadline = deadline;
    this.timer = timer;
  }

  /**
   * The attempt as it goes on the wire.
   *
   * @throws DeadlineExceededException when less than the deadline margin is left: nothing is sent
   */
  public static OutboundRequest of(Attempt attempt, Request request, ServiceConfig config) {
    // The attempt's deadline: the call's, or earlier under a per-attempt timeout.
    Deadline deadline = attempt.deadline().orElse(null);
    Map<String, List<String>> callers = request.headers();
    boolean none = callers.isEmpty(); // the usual case: no iterator, no count
    // Sized for every header the caller set plus the six the pipeline may add; only the first
    // headerCount pairs are used, so the array is never copied to size.
    String[] h = new String[2 * ((none ? 0 : count(callers)) + 6)];
    int n = 0;
    if (!none) {
      for (Map.Entry<String, List<String>> e : callers.entrySet()) {
        String name = e.getKey();
        if (isWireHeader(name)) {
          continue; // the pipeline owns these; the values below replace the caller's
        }
        for (String v : e.getValue()) {
          h[n++] = name;
          h[n++] = v;
        }
      }
    }
    CallContext ctx = attempt.context();
    String id = ctx.correlationId().orElse(null);
    if (id != null) {
      h[n++] = WireHeaders.REQUEST_ID;
      h[n++] = id;
    }
    TraceContext trace = ctx.trace().orElse(null);
    if (trace != null) {
      h[n++] = WireHeaders.TRACEPARENT;
      h[n++] = trace.toTraceparent();
      String state = trace.traceState().orElse(null);
      if (state != null) {
        h[n++] = WireHeaders.TRACESTATE;
        h[n++] = state;
      }
    }
    h[n++] = WireHeaders.REQUEST_ATTEMPT;
    h[n++] = attempt.number() < NUMBERS.length ? NUMBERS[attempt.number()] : Integer.toString(attempt.number());
    if (attempt.hedge()) {
      h[n++] = WireHeaders.REQUEST_HEDGE;
      h[n++] = HEDGE;
    }
    if (deadline != null) {
      long remainingMs = deadline.remainingMillis() - config.deadlineMargin().toMillis();
      if (remainingMs <= 0) {
        throw new DeadlineExceededException("no time left to send attempt " + attempt.number()
            + " (after the " + config.deadlineMargin().toMillis() + " ms safety margin)", attempt.number() == 1);
      }
      h[n++] = WireHeaders.REQUEST_TIMEOUT_MS;
      h[n++] = Long.toString(remainingMs);
    }
    byte[] body = request.body();
    return new OutboundRequest(attempt, request.method(), config.scheme(),
        config.pathPrefix().isEmpty() ? request.path() : config.pathPrefix() + request.path(),
        h, n / 2,
        body == null || body.length == 0 ? null : body, deadline, config.timer());
  }

  private static int count(Map<String, List<String>> headers) {
    int n = 0;
    for (List<String> values : headers.values()) {
      n += values.size();
    }
    return n;
  }

  private static boolean isWireHeader(String name) {
    switch (name) {
      case WireHeaders.REQUEST_ID:
      case WireHeaders.TRACEPARENT:
      case WireHeaders.TRACESTATE:
      case WireHeaders.REQUEST_ATTEMPT:
      case WireHeaders.REQUEST_HEDGE:
      case WireHeaders.REQUEST_TIMEOUT_MS:
        return true;
      default:
        return false;
    }
  }

  public Attempt attempt() {
    return attempt;
  }

  /** Uppercase method. */
  public String method() {
    return method;
  }

  /** {@code http} or {@code https}. */
  public String scheme() {
    return scheme;
  }

  public String host() {
    return attempt.endpoint().host();
  }

  public int port() {
    return attempt.endpoint().port();
  }

  /** The request target: the base URL's path prefix, the encoded path and the query. */
  public String target() {
    return target;
  }

  public int headerCount() {
    return headerCount;
  }

  /** Name of header {@code i} (lowercase). */
  public String headerName(int i) {
    return headers[2 * i];
  }

  public String headerValue(int i) {
    return headers[2 * i + 1];
  }

  /** The body, or null when there is none. Must not be modified. */
  public byte[] body() {
    return body;
  }

  /** The attempt's deadline (the call's, or a per-attempt timeout's), or null for none. */
  public Deadline deadline() {
    return deadline;
  }

  /** The client's timer, on whose ticker {@link #deadline()} runs. */
  public Timer timer() {
    return timer;
  }

  /** Nanoseconds left until the attempt's deadline; {@code Long.MAX_VALUE} when it has none. */
  public long remainingNanos() {
    return deadline == null ? Long.MAX_VALUE : deadline.remainingNanos();
  }

  /** {@code " (host:port, attempt n)"}, for error messages. */
  public String where() {
    return AttemptFailures.where(attempt);
  }
}

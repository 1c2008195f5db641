package dev.switchboard.context;

import dev.switchboard.time.Deadline;
import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@link CallContext} a server derives from a request's headers (or gRPC metadata), before it
 * binds it for the handler. Transport-neutral: the HTTP filters and the gRPC interceptor all parse
 * through {@link #parse}, so every server applies the same rules (DESIGN.md, wire formats):
 *
 * <ul>
 *   <li><b>Correlation id</b> from {@code x-request-id}, else {@code x-correlation-id}; invalid
 *       values (see {@link CorrelationId#isValid}) are replaced by a generated id.
 *   <li><b>Trace</b> from a strictly valid W3C {@code traceparent} (with {@code tracestate} when
 *       valid); otherwise a new root trace, and any {@code tracestate} is dropped with the parent.
 *   <li><b>Deadline</b> from the smallest valid value of {@code x-request-timeout-ms}, {@code
 *       grpc-timeout} and {@code x-envoy-expected-rq-timeout-ms}, clamped to {@link
 *       InboundOptions#maxDeadline()}. Garbage is ignored; no valid value means no deadline. A value
 *       of zero means the caller has no time left: {@link #isExpired()}.
 *   <li><b>Attempt</b> from {@code x-request-attempt} (1..999) and {@code x-request-hedge: 1}.
 * </ul>
 *
 * <p>Parsing never throws on any header value, and no rejected value is kept anywhere in the
 * result, so a hostile value cannot reach a log line or an outbound header. Immutable and
 * thread-safe; {@link #attach()} binds on the calling thread.
 *
 * <pre>{@code
 * InboundContext inbound = InboundContext.parse(name -> request.getHeader(name), ticker, options);
 * if (inbound.isExpired()) { ... answer 504 without running the handler ... }
 * try (ContextMdc.Scope s = inbound.attach()) { handler.handle(request); }
 * }</pre>
 */
public final class InboundContext {
  private static final int MAX_ATTEMPT = 999;

  private final CallContext context;
  private final boolean expired;
  private final String deadlineHeader;
  private final Set<String> rejected;

  private InboundContext(CallContext context, boolean expired, String deadlineHeader, Set<String> rejected) {
    this.context = context;
    this.expired = expired;
    this.deadlineHeader = deadlineHeader;
    this.rejected = rejected;
  }

  /** As {@link #parse(Function, Ticker, InboundOptions)} with the options' ticker. */
  public static InboundContext parse(Function<String, String> header, InboundOptions options) {
    return parse(header, options.ticker(), options);
  }

  /**
   * Derives the inbound context.
   *
   * @param header looks a header up by its lowercase name (see {@link WireHeaders}); returns null
   *     when absent. When a header occurs several times, return the values joined with {@code ","}
   *     (as HTTP combines them): a repeated {@code tracestate} then merges as W3C requires, and a
   *     repeated single-valued header becomes invalid rather than ambiguous. If it throws, the
   *     header is treated as absent.
   * @param ticker the ticker the deadline is measured on
   * @param options the clamp for inbound deadlines
   */
  public static InboundContext parse(Function<String, String> header, Ticker ticker, InboundOptions options) {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(options, "options");
    Set<String> rejected = new LinkedHashSet<>(2);

    String id = validId(header, WireHeaders.REQUEST_ID, rejected);
    if (id == null) {
      id = validId(header, WireHeaders.CORRELATION_ID, rejected);
    }
    if (id == null) {
      id = CorrelationId.generate();
    }

    String traceparent = get(header, WireHeaders.TRACEPARENT);
    String tracestate = get(header, WireHeaders.TRACESTATE);
    TraceContext trace = traceparent == null ? null : TraceContext.parse(traceparent, tracestate).orElse(null);
    if (traceparent != null && trace == null) {
      rejected.add(WireHeaders.TRACEPARENT);
    }
    if (tracestate != null && (trace == null || trace.traceState().isEmpty())) {
      rejected.add(WireHeaders.TRACESTATE);
    }
    if (trace == null) {
      trace = TraceContext.newRoot();
    }

    Duration budget = null;
    String source = null;
    String[] names = {WireHeaders.REQUEST_TIMEOUT_MS, WireHeaders.GRPC_TIMEOUT, WireHeaders.ENVOY_EXPECTED_TIMEOUT_MS};
    for (String name : names) {
      String raw = get(header, name);
      if (raw == null) {
        continue;
      }
      Optional<Duration> d = name.equals(WireHeaders.GRPC_TIMEOUT)
          ? TimeoutHeaders.parseGrpcTimeout(raw) : TimeoutHeaders.parseMillis(raw);
      if (d.isEmpty()) {
        rejected.add(name);
      } else if (budget == null || d.get().compareTo(budget) < 0) {
        budget = d.get();
        source = name;
      }
    }
    Deadline deadline = null;
    if (budget != null) {
      if (budget.compareTo(options.maxDeadline()) > 0) {
        budget = options.maxDeadline();
      }
      deadline = Deadline.after(budget, ticker);
    }

    int attempt = parseAttempt(get(header, WireHeaders.REQUEST_ATTEMPT), rejected);
    String hedgeRaw = get(header, WireHeaders.REQUEST_HEDGE);
    boolean hedge = "1".equals(hedgeRaw);
    if (hedgeRaw != null && !hedge && !"0".equals(hedgeRaw)) {
      rejected.add(WireHeaders.REQUEST_HEDGE);
    }

    CallContext context = CallContext.empty()
        .withDeadline(deadline)
        .withCorrelationId(id)
        .withTrace(trace)
        .withAttempt(attempt, hedge);
    boolean expired = deadline != null && deadline.isExpired();
    return new InboundContext(context, expired, source, Collections.unmodifiableSet(rejected));
  }

  /** The context to bind for the handler: correlation id and trace always present. */
  public CallContext context() {
    return context;
  }

  /** The correlation id to echo on the response as {@code x-request-id}. */
  public String correlationId() {
    return context.correlationId().orElseThrow();
  }

  /**
   * True when the caller's deadline had already passed on arrival: answer "deadline exceeded"
   * (HTTP 504) without running the handler.
   */
  public boolean isExpired() {
    return expired;
  }

  /** The header the deadline came from (the smallest valid one), if any. */
  public Optional<String> deadlineHeader() {
    return Optional.ofNullable(deadlineHeader);
  }

  /** Names of headers that were present but invalid, and so were ignored or replaced. */
  public Set<String> rejectedHeaders() {
    return rejected;
  }

  /**
   * Binds the context to the calling thread, mirrors it into the SLF4J MDC and opens the
   * {@link InboundScopeProvider}s ({@link ContextMdc#attachInbound}); close the scope (in a
   * {@code finally} or try-with-resources) to restore everything.
   */
  public ContextMdc.Scope attach() {
    return ContextMdc.attachInbound(context);
  }

  private static String validId(Function<String, String> header, String name, Set<String> rejected) {
    String v = get(header, name);
    if (v == null) {
      return null;
    }
    if (CorrelationId.isValid(v)) {
      return v;
    }
    rejected.add(name);
    return null;
  }

  private static int parseAttempt(String raw, Set<String> rejected) {
    if (raw == null) {
      return 0;
    }
    int n = 0;
    boolean ok = !raw.isEmpty() && raw.length() <= 3;
    for (int i = 0; ok && i < raw.length(); i++) {
      char c = raw.charAt(i);
      ok = c >= '0' && c <= '9';
      n = n * 10 + (c - '0');
    }
    if (!ok || n < 1 || n > MAX_ATTEMPT) {
      rejected.add(WireHeaders.REQUEST_ATTEMPT);
      return 0;
    }
    return n;
  }

  private static String get(Function<String, String> header, String name) {
    try {
      return header.apply(name);
    } catch (RuntimeException e) {
      return null; // a broken header source must not fail the request
    }
  }

  @Override
  public String toString() {
    return "InboundContext[" + context + (expired ? ", expired" : "")
        + (rejected.isEmpty() ? "" : ", rejected=" + rejected) + "]";
  }
}

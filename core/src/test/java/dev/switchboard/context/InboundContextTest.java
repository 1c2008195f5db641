package dev.switchboard.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class InboundContextTest {
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final Ticker ticker = now::get;
  private final InboundOptions options =
      InboundOptions.builder().maxDeadline(Duration.ofSeconds(10)).ticker(ticker).build();
  private final Map<String, String> headers = new HashMap<>();

  private InboundContext parse() {
    return InboundContext.parse(headers::get, ticker, options);
  }

  @Test
  void withoutHeadersStartsANewTraceAndIdAndHasNoDeadline() {
    InboundContext in = parse();
    CallContext c = in.context();
    assertThat(CorrelationId.isValid(c.correlationId().orElseThrow())).isTrue();
    assertThat(c.trace()).isPresent();
    assertThat(c.deadline()).isEmpty();
    assertThat(c.attempt()).isZero();
    assertThat(in.isExpired()).isFalse();
    assertThat(in.rejectedHeaders()).isEmpty();
  }

  @Test
  void keepsAValidRequestIdAndFallsBackToCorrelationId() {
    headers.put("x-request-id", "req-1:a.b_c");
    headers.put("x-correlation-id", "other");
    assertThat(parse().correlationId()).isEqualTo("req-1:a.b_c");

    headers.put("x-request-id", "bad id with spaces");
    InboundContext in = parse();
    assertThat(in.correlationId()).isEqualTo("other");
    assertThat(in.rejectedHeaders()).containsExactly("x-request-id");
  }

  @Test
  void replacesAnInvalidOrOversizedCorrelationId() {
    headers.put("x-request-id", "a".repeat(129));
    headers.put("x-correlation-id", "evil\r\nset-cookie: x");
    InboundContext in = parse();
    assertThat(in.correlationId()).hasSize(32).matches("[0-9a-f]{32}");
    assertThat(in.rejectedHeaders()).containsExactly("x-request-id", "x-correlation-id");
  }

  @Test
  void takesTheTraceFromAValidTraceparentWithItsState() {
    headers.put("traceparent", TRACEPARENT);
    headers.put("tracestate", "congo=t61rcWkgMzE");
    TraceContext t = parse().context().trace().orElseThrow();
    assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(t.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(t.traceState()).contains("congo=t61rcWkgMzE");
  }

  @Test
  void anInvalidTraceparentStartsANewTraceAndDropsTheState() {
    headers.put("traceparent", TRACEPARENT.toUpperCase());
    headers.put("tracestate", "congo=t61rcWkgMzE");
    InboundContext in = parse();
    TraceContext t = in.context().trace().orElseThrow();
    assertThat(t.traceId()).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(t.traceState()).isEmpty();
    assertThat(in.rejectedHeaders()).containsExactly("traceparent", "tracestate");
  }

  @Test
  void deadlineIsTheSmallestValidTimeoutHeader() {
    headers.put("x-request-timeout-ms", "900");
    headers.put("grpc-timeout", "400m");
    headers.put("x-envoy-expected-rq-timeout-ms", "700");
    InboundContext in = parse();
    assertThat(in.context().deadline().orElseThrow().remainingNanos()).isEqualTo(400_000_000L);
    assertThat(in.deadlineHeader()).contains("grpc-timeout");
    now.addAndGet(150_000_000L);
    assertThat(in.context().deadline().orElseThrow().remainingMillis()).isEqualTo(250);
  }

  @Test
  void garbageTimeoutsAreIgnoredAndValidOnesStillApply() {
    headers.put("x-request-timeout-ms", "-5");
    headers.put("grpc-timeout", "123456789m");
    headers.put("x-envoy-expected-rq-timeout-ms", "300");
    InboundContext in = parse();
    assertThat(in.context().deadline().orElseThrow().remainingMillis()).isEqualTo(300);
    assertThat(in.rejectedHeaders()).containsExactly("x-request-timeout-ms", "grpc-timeout");

    headers.remove("x-envoy-expected-rq-timeout-ms");
    assertThat(parse().context().deadline()).isEmpty();
  }

  @Test
  void clampsTimeoutsToTheConfiguredMaximum() {
    headers.put("x-request-timeout-ms", "999999999999");
    assertThat(parse().context().deadline().orElseThrow().remaining()).isEqualTo(Duration.ofSeconds(10));
    headers.put("x-request-timeout-ms", "");
    headers.put("grpc-timeout", "99999999H");
    assertThat(parse().context().deadline().orElseThrow().remaining()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void zeroRemainingTimeIsExpired() {
    headers.put("x-request-timeout-ms", "0");
    assertThat(parse().isExpired()).isTrue();
    headers.remove("x-request-timeout-ms");
    headers.put("grpc-timeout", "0n");
    assertThat(parse().isExpired()).isTrue();
    headers.put("grpc-timeout", "1n");
    assertThat(parse().isExpired()).isFalse(); // the fake ticker has not moved
  }

  @Test
  void readsAttemptAndHedge() {
    headers.put("x-request-attempt", "2");
    headers.put("x-request-hedge", "1");
    CallContext c = parse().context();
    assertThat(c.attempt()).isEqualTo(2);
    assertThat(c.hedge()).isTrue();

    headers.put("x-request-attempt", "0");
    headers.put("x-request-hedge", "yes");
    InboundContext in = parse();
    assertThat(in.context().attempt()).isZero();
    assertThat(in.context().hedge()).isFalse();
    assertThat(in.rejectedHeaders()).containsExactly("x-request-attempt", "x-request-hedge");
  }

  @Test
  void aThrowingHeaderSourceCountsAsAbsent() {
    InboundContext in = InboundContext.parse(name -> {
      throw new IllegalStateException("boom");
    }, ticker, options);
    assertThat(in.context().correlationId()).isPresent();
    assertThat(in.context().deadline()).isEmpty();
  }

  @Test
  void attachBindsContextAndMdcAndCloseRestoresBoth() {
    headers.put("x-request-id", "inner");
    headers.put("traceparent", TRACEPARENT);
    MDC.put(ContextMdc.CORRELATION_ID, "outer");
    try {
      try (ContextMdc.Scope s = parse().attach()) {
        assertThat(CallContext.current().correlationId()).contains("inner");
        assertThat(MDC.get(ContextMdc.CORRELATION_ID)).isEqualTo("inner");
        assertThat(MDC.get(ContextMdc.TRACE_ID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(MDC.get(ContextMdc.SPAN_ID)).isEqualTo("00f067aa0ba902b7");
      }
      assertThat(CallContext.current()).isSameAs(CallContext.empty());
      assertThat(MDC.get(ContextMdc.CORRELATION_ID)).isEqualTo("outer");
      assertThat(MDC.get(ContextMdc.TRACE_ID)).isNull();
    } finally {
      MDC.clear();
    }
  }

  @Test
  void optionsRejectANonPositiveMaximumNamingTheField() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> InboundOptions.builder().maxDeadline(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDeadline");
  }
}

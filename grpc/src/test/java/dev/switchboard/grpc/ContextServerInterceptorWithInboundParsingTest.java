package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.context.CallContext;
import dev.switchboard.context.ContextMdc;
import dev.switchboard.context.InboundContext;
import dev.switchboard.context.InboundOptions;
import dev.switchboard.context.WireHeaders;
import dev.switchboard.policy.OverloadSignal;
import dev.switchboard.testing.HostileHeaderValues;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The server interceptor parses through core's InboundContext, like the HTTP filters. */
class ContextServerInterceptorWithInboundParsingTest {
  private TestReplica server;
  private ManagedChannel plain;

  @BeforeEach
  void start() throws Exception {
    server = new TestReplica("s");
    plain = ManagedChannelBuilder.forTarget(server.address()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    plain.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }

  private String rawCall(Metadata extra, CallOptions options, AtomicReference<Metadata> trailers) {
    return ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(plain,
            MetadataUtils.newAttachHeadersInterceptor(extra),
            MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), trailers)),
        TestReplica.ECHO, options, "raw");
  }

  @Test
  void hostileHeaderValuesAreJudgedExactlyAsTheHttpFiltersJudgeThem() {
    for (String header : List.of(WireHeaders.REQUEST_ID, WireHeaders.TRACEPARENT, WireHeaders.REQUEST_ATTEMPT)) {
      for (String value : HostileHeaderValues.forHeader(header, 7, 40)) {
        if (!value.chars().allMatch(c -> c >= 0x20 && c < 0x7f) || value.length() > 4096) {
          continue; // not representable as gRPC ASCII metadata, so it cannot arrive
        }
        Metadata m = new Metadata();
        m.put(key(header), value);
        rawCall(m, CallOptions.DEFAULT, new AtomicReference<>());
        CallContext seen = server.contexts.poll();
        InboundContext http = InboundContext.parse(Map.of(header, value)::get, InboundOptions.defaults());
        boolean accepted = !http.rejectedHeaders().contains(header);
        String what = header + "=\"" + value + "\"";
        switch (header) {
          case WireHeaders.REQUEST_ID -> {
            if (accepted) {
              assertThat(seen.correlationId()).as(what).isEqualTo(http.context().correlationId());
            } else {
              assertThat(seen.correlationId()).as(what).isPresent().get().isNotEqualTo(value);
            }
          }
          case WireHeaders.TRACEPARENT -> {
            if (accepted) {
              assertThat(seen.trace()).as(what).isEqualTo(http.context().trace());
            } else {
              assertThat(seen.trace().orElseThrow().toTraceparent()).as(what).isNotEqualTo(value);
            }
          }
          default -> assertThat(seen.attempt()).as(what).isEqualTo(http.context().attempt());
        }
      }
    }
  }

  @Test
  void aDeadlineTighterThanGrpcTimeoutClosesTheCallWithDeadlineExceededWhenItPasses() {
    server.delayMillis = 10_000; // the handler would answer far too late
    Metadata m = new Metadata();
    m.put(key(WireHeaders.REQUEST_TIMEOUT_MS), "300");
    long start = System.nanoTime();
    assertThatThrownBy(() -> rawCall(m, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), new AtomicReference<>()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
          assertThat(e.getStatus().getDescription()).contains("x-request-timeout-ms");
        });
    // Closed by the server, long before the client's own 20 s deadline.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(server.calls.get()).isEqualTo(1);
  }

  @Test
  void aCallerWithoutGrpcTimeoutIsStillHeldToXRequestTimeoutMs() {
    server.delayMillis = 10_000;
    Metadata m = new Metadata();
    m.put(key(WireHeaders.REQUEST_TIMEOUT_MS), "300");
    assertThatThrownBy(() -> rawCall(m, CallOptions.DEFAULT, new AtomicReference<>()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
  }

  @Test
  void theInboundMaxDeadlineClampsGrpcTimeout() throws Exception {
    try (TestReplica clamped = new TestReplica("c", ContextServerInterceptor.create(
        InboundOptions.builder().maxDeadline(Duration.ofSeconds(2)).build()))) {
      ManagedChannel ch = ManagedChannelBuilder.forTarget(clamped.address()).usePlaintext().build();
      try {
        ClientCalls.blockingUnaryCall(ch, TestReplica.ECHO, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), "x");
        assertThat(clamped.contexts.poll().deadline().orElseThrow().remaining()).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(clamped.grpcRemainingMillis.poll()).isLessThanOrEqualTo(2000L);
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theHandlerLogsWithTheCorrelationAndTraceIdsInTheMdc() {
    ConcurrentLinkedQueue<String> mdc = new ConcurrentLinkedQueue<>();
    server.behaviour = request -> {
      mdc.add(MDC.get(ContextMdc.CORRELATION_ID) + " " + MDC.get(ContextMdc.TRACE_ID));
      return request;
    };
    Metadata m = new Metadata();
    m.put(key(WireHeaders.REQUEST_ID), "mdc-1");
    m.put(key(WireHeaders.TRACEPARENT), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    rawCall(m, CallOptions.DEFAULT, new AtomicReference<>());
    assertThat(mdc).containsExactly("mdc-1 4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void aFailureAfterADownstreamRanOutOfRetriesCarriesNegativePushback() {
    Function<String, String> exhausted = request -> {
      OverloadSignal.markDownstreamExhausted(CallContext.current(), "users: retry budget exhausted");
      throw Status.UNAVAILABLE.withDescription("users unavailable").asRuntimeException();
    };
    server.behaviour = exhausted;
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    assertThatThrownBy(() -> rawCall(new Metadata(), CallOptions.DEFAULT, trailers)).isInstanceOf(StatusRuntimeException.class);
    assertThat(trailers.get().get(GrpcErrors.PUSHBACK_KEY)).isEqualTo("-1");
    // Without the mark, the same failure is retryable as usual.
    server.behaviour = request -> {
      throw Status.UNAVAILABLE.asRuntimeException();
    };
    assertThatThrownBy(() -> rawCall(new Metadata(), CallOptions.DEFAULT, trailers)).isInstanceOf(StatusRuntimeException.class);
    assertThat(trailers.get().get(GrpcErrors.PUSHBACK_KEY)).isNull();
  }

  @Test
  void theCorrelationIdIsEchoedInTheTrailersOfAnErrorOnlyAnswer() {
    server.failWith = Status.NOT_FOUND;
    Metadata m = new Metadata();
    m.put(key(WireHeaders.REQUEST_ID), "echo-on-error");
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    assertThatThrownBy(() -> rawCall(m, CallOptions.DEFAULT, trailers)).isInstanceOf(StatusRuntimeException.class);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(
        () -> assertThat(trailers.get().get(key(WireHeaders.REQUEST_ID))).isEqualTo("echo-on-error"));
  }
}

package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.context.CallContext;
import dev.switchboard.context.CorrelationId;
import dev.switchboard.context.TraceContext;
import dev.switchboard.time.Deadline;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContextInterceptorsTest {
  private TestReplica server;
  private ManagedChannel channel;
  private ManagedChannel plain;

  @BeforeEach
  void start() throws Exception {
    server = new TestReplica("s");
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(server)).build();
    plain = ManagedChannelBuilder.forTarget(server.address()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    plain.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private static Metadata headers(String... kv) {
    Metadata m = new Metadata();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(Metadata.Key.of(kv[i], Metadata.ASCII_STRING_MARSHALLER), kv[i + 1]);
    }
    return m;
  }

  /** A call on the plain channel with raw metadata and no Switchboard client interceptor. */
  private String rawCall(Metadata extra, CallOptions options) {
    return ClientCalls.blockingUnaryCall(
        ClientInterceptors.intercept(plain, MetadataUtils.newAttachHeadersInterceptor(extra)),
        TestReplica.ECHO, options, "raw");
  }

  @Test
  void boundContextReachesTheServerWithItsDeadlineCorrelationAndTrace() {
    TraceContext trace = TraceContext.newRoot();
    CallContext outbound = CallContext.empty()
        .withDeadline(Deadline.after(Duration.ofSeconds(2)))
        .withCorrelationId("order-42")
        .withTrace(trace);
    try (CallContext.Scope s = outbound.attach()) {
      ClientCalls.blockingUnaryCall(channel, TestReplica.ECHO, CallOptions.DEFAULT, "x");
    }
    CallContext seen = server.contexts.poll();
    assertThat(seen.correlationId()).contains("order-42");
    assertThat(seen.trace().orElseThrow().traceId()).isEqualTo(trace.traceId());
    assertThat(seen.trace().orElseThrow().spanId()).isNotEqualTo(trace.spanId()); // child span per attempt
    assertThat(seen.attempt()).isEqualTo(1);
    assertThat(seen.hedge()).isFalse();
    assertThat(seen.deadline().orElseThrow().remaining()).isLessThanOrEqualTo(Duration.ofSeconds(2)).isPositive();
    // grpc-java's own view of the same deadline, through io.grpc.Context
    assertThat(server.grpcRemainingMillis.poll()).isBetween(1L, 2000L);
  }

  @Test
  void callsWithoutContextGetAFreshCorrelationIdAndRootTrace() {
    ClientCalls.blockingUnaryCall(channel, TestReplica.ECHO, CallOptions.DEFAULT, "x");
    CallContext seen = server.contexts.poll();
    assertThat(seen.correlationId()).hasValueSatisfying(id -> assertThat(CorrelationId.isValid(id)).isTrue());
    assertThat(seen.trace()).isPresent();
    assertThat(seen.deadline()).isEmpty();
  }

  @Test
  void oversizedOrBadCorrelationIdsAreReplacedNotPassedOn() {
    String huge = "a".repeat(200);
    rawCall(headers("x-request-id", huge), CallOptions.DEFAULT);
    rawCall(headers("x-request-id", "evil id;drop"), CallOptions.DEFAULT);
    rawCall(headers("x-correlation-id", "from-legacy-header"), CallOptions.DEFAULT);
    CallContext first = server.contexts.poll();
    CallContext second = server.contexts.poll();
    CallContext third = server.contexts.poll();
    assertThat(first.correlationId().orElseThrow()).isNotEqualTo(huge).hasSizeLessThanOrEqualTo(128);
    assertThat(second.correlationId().orElseThrow()).isNotEqualTo("evil id;drop");
    assertThat(CorrelationId.isValid(second.correlationId().orElseThrow())).isTrue();
    assertThat(third.correlationId()).contains("from-legacy-header");
  }

  @Test
  void malformedTraceparentStartsANewRootTrace() {
    rawCall(headers("traceparent", "00-ZZZ-not-a-trace-01"), CallOptions.DEFAULT);
    rawCall(headers("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "tracestate", "vendor=ok"), CallOptions.DEFAULT);
    TraceContext garbage = server.contexts.poll().trace().orElseThrow();
    TraceContext valid = server.contexts.poll().trace().orElseThrow();
    assertThat(garbage.traceId()).hasSize(32).doesNotContain("ZZZ");
    assertThat(valid.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(valid.traceState()).contains("vendor=ok");
  }

  @Test
  void correlationIdIsEchoedInResponseHeaders() {
    AtomicReference<Metadata> received = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    ClientCalls.blockingUnaryCall(
        ClientInterceptors.intercept(plain, MetadataUtils.newAttachHeadersInterceptor(headers("x-request-id", "echo-me")),
            MetadataUtils.newCaptureMetadataInterceptor(received, trailers)),
        TestReplica.ECHO, CallOptions.DEFAULT, "x");
    assertThat(received.get().get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("echo-me");
  }

  @Test
  void alreadyExpiredInboundCallIsRejectedWithoutInvokingTheService() {
    assertThatThrownBy(() -> rawCall(headers("x-request-timeout-ms", "0"), CallOptions.DEFAULT))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    assertThat(server.calls.get()).isZero();
    // Garbage timeouts are ignored, not fatal.
    rawCall(headers("x-request-timeout-ms", "soon"), CallOptions.DEFAULT);
    assertThat(server.calls.get()).isEqualTo(1);
  }

  @Test
  void requestTimeoutHeaderTightensGrpcJavasOwnDeadline() {
    rawCall(headers("x-request-timeout-ms", "1500"), CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
    assertThat(server.grpcRemainingMillis.poll()).isBetween(1L, 1500L);
    assertThat(server.contexts.poll().deadline().orElseThrow().remaining()).isLessThanOrEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void expiredClientBudgetNeverLeavesTheProcess() {
    CallContext expired = CallContext.empty().withDeadline(Deadline.after(Duration.ofMillis(-1)));
    try (CallContext.Scope s = expired.attach()) {
      assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, TestReplica.ECHO, CallOptions.DEFAULT, "x"))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(GrpcErrors.toException(e).kind()).isEqualTo(dev.switchboard.errors.ErrorKind.DEADLINE_EXCEEDED));
    }
    assertThat(server.calls.get()).isZero();
  }

  @Test
  void serverHandlerPropagatesItsInboundContextToAnotherGrpcHop() throws Exception {
    try (TestReplica downstream = new TestReplica("down")) {
      ManagedChannel toDownstream = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(downstream)).build();
      try {
        server.behaviour = request ->
            ClientCalls.blockingUnaryCall(toDownstream, TestReplica.ECHO, CallOptions.DEFAULT, request);
        rawCall(headers("x-request-id", "chain-1", "x-request-timeout-ms", "1200"), CallOptions.DEFAULT);
        CallContext atDownstream = downstream.contexts.poll();
        assertThat(atDownstream.correlationId()).contains("chain-1");
        assertThat(atDownstream.deadline().orElseThrow().remaining()).isLessThan(Duration.ofMillis(1200));
        assertThat(atDownstream.trace().orElseThrow().traceId())
            .isEqualTo(server.contexts.poll().trace().orElseThrow().traceId());
      } finally {
        toDownstream.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}

package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Server-streaming calls through the pipeline: retried like unary calls until the first response
 * header or message commits them (gRFC A6), never after. Each retry carries its attempt number
 * and {@code grpc-previous-rpc-attempts}.
 */
class ServerStreamingWithRetriesTest extends TwoReplicas {
  private static final Metadata.Key<String> PREVIOUS =
      Metadata.Key.of("grpc-previous-rpc-attempts", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> ATTEMPT = Metadata.Key.of("x-request-attempt", Metadata.ASCII_STRING_MARSHALLER);
  @BeforeEach
  void connect() {
    open(GrpcChannelOptions.defaults());
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      stream();
      return a.calls.get() > 0 && b.calls.get() > 0;
    });
    a.metadata.clear();
    b.metadata.clear();
  }

  private List<String> stream() {
    Iterator<String> it = ClientCalls.blockingServerStreamingCall(channel, TestReplica.STREAM,
        CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), "q");
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void aStreamThatFailsBeforeItsFirstMessageIsRetriedOnTheOtherReplica() {
    a.streamMessages = 0;
    a.failWith = Status.UNAVAILABLE.withDescription("restarting");
    // least_request picks between two idle replicas at random: stream until one first attempt went to a
    for (int i = 0; i < 40 && a.metadata.isEmpty(); i++) {
      assertThat(stream()).containsExactly("b:q:0", "b:q:1", "b:q:2");
    }
    assertThat(a.metadata).as("40 streams, none tried replica a first").isNotEmpty();
    Metadata retry = b.metadata.stream().filter(m -> "2".equals(m.get(ATTEMPT))).findFirst().orElseThrow();
    assertThat(retry.get(PREVIOUS)).isEqualTo("1");
    assertThat(a.metadata).allSatisfy(m -> {
      assertThat(m.get(ATTEMPT)).isEqualTo("1");
      assertThat(m.get(PREVIOUS)).isNull(); // only retries carry it
    });
  }

  @Test
  void aStreamThatFailsAfterItsFirstMessageIsCommittedAndNotRetried() {
    a.streamMessages = 1;
    b.streamMessages = 1;
    a.failWith = Status.UNAVAILABLE.withDescription("lost midway");
    b.failWith = a.failWith;
    int before = a.calls.get() + b.calls.get();
    List<String> received = new ArrayList<>();
    assertThatThrownBy(() -> ClientCalls.blockingServerStreamingCall(channel, TestReplica.STREAM,
        CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), "q").forEachRemaining(received::add))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.getStatus().getDescription()).isEqualTo("lost midway"); // the server's own status
        });
    assertThat(received).hasSize(1);
    assertThat(a.calls.get() + b.calls.get() - before).as("attempts").isEqualTo(1);
  }
}

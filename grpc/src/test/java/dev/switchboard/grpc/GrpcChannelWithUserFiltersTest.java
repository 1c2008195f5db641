package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.pipeline.Filter;
import dev.switchboard.pipeline.Response;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP client's {@link Filter} on a gRPC channel: a filter sees each call as the request it is
 * on the wire ({@code POST /test.Echo/Echo}), may add headers (they become metadata of every
 * attempt), answer the call itself, or fail it.
 */
class GrpcChannelWithUserFiltersTest {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private TestReplica replica;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    replica = new TestReplica("r");
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    replica.close();
  }

  private void open(Filter filter) {
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(replica),
        GrpcChannelOptions.builder().addFilter(filter).build()).build();
  }

  private String echo(String text) {
    return ClientCalls.blockingUnaryCall(channel, TestReplica.ECHO, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), text);
  }

  @Test
  void aHeaderAFilterAddsReachesTheServerAsMetadata() {
    open((request, chain) -> chain.proceed(request.toBuilder().setHeader("authorization", "Bearer t-1").build()));
    assertThat(echo("x")).isEqualTo("r:x");
    assertThat(replica.metadata.poll().get(AUTHORIZATION)).isEqualTo("Bearer t-1");
  }

  @Test
  void aFilterSeesTheCallAsThePostItIsOnTheWire() {
    StringBuilder seen = new StringBuilder();
    open((request, chain) -> {
      seen.append(request.method()).append(' ').append(request.path()).append(' ').append(chain.call().service());
      return chain.proceed(request);
    });
    echo("x");
    assertThat(seen.toString()).isEqualTo("POST /test.Echo/Echo " + TestReplica.staticTarget(replica));
  }

  @Test
  void aFilterMayAnswerTheCallItselfAndNothingIsSent() {
    open((request, chain) -> CompletableFuture.completedFuture(new Response(200, Map.of("x-cache", List.of("hit")),
        "cached".getBytes(StandardCharsets.UTF_8), Endpoint.of("127.0.0.1", replica.port()))));
    assertThat(echo("x")).isEqualTo("cached");
    assertThat(replica.calls.get()).isZero();
  }

  @Test
  void aFilterThatThrowsFailsOnlyItsCallNamingTheFilter() {
    open((request, chain) -> {
      throw new IllegalArgumentException("no token");
    });
    assertThatThrownBy(() -> echo("x")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
      assertThat(e.getStatus().getDescription()).contains("filter").contains("no token");
    });
    assertThat(replica.calls.get()).isZero();
  }
}

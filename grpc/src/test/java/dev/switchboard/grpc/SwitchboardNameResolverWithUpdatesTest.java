package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SwitchboardNameResolverWithUpdatesTest extends TwoReplicas {
  private static EndpointSet of(TestReplica... replicas) {
    Endpoint[] e = new Endpoint[replicas.length];
    for (int i = 0; i < replicas.length; i++) {
      e[i] = Endpoint.of("127.0.0.1", replicas[i].port());
    }
    return EndpointSet.of(e);
  }

  @Test
  void discoveryUpdatesFlowIntoTheChannelAndErrorsKeepTheLastAddresses() {
    channel = SwitchboardGrpc.channelBuilder("sbtest:users").build();
    channel.getState(true); // start resolution
    await().atMost(Duration.ofSeconds(5)).until(() -> TestRegistryProvider.isOpen("users"));
    TestRegistryProvider.publish("users", of(a));
    assertThat(echo()).startsWith("a:");

    TestRegistryProvider.publish("users", of(b));
    await().atMost(Duration.ofSeconds(5)).until(() -> echo().startsWith("b:"));
    int aCalls = a.calls.get();

    TestRegistryProvider.fail("users", new IOException("registry down"));
    for (int i = 0; i < 10; i++) {
      assertThat(echo()).startsWith("b:");
    }
    assertThat(a.calls.get()).isEqualTo(aCalls);

    TestRegistryProvider.publish("users", of(a, b));
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      echo();
      return a.calls.get() > aCalls;
    });
  }

  @Test
  void anEmptyRegistryFailsCallsWithNoEndpoints() {
    channel = SwitchboardGrpc.channelBuilder("sbtest:empty").build();
    channel.getState(true);
    await().atMost(Duration.ofSeconds(5)).until(() -> TestRegistryProvider.isOpen("empty"));
    TestRegistryProvider.publish("empty", EndpointSet.empty());
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      try {
        echo();
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(GrpcErrors.toException(e).kind()).isEqualTo(dev.switchboard.errors.ErrorKind.NO_ENDPOINTS);
        assertThat(e.getStatus().getDescription()).contains("no endpoints");
        return;
      }
      throw new AssertionError("call succeeded with no endpoints");
    });
  }
}

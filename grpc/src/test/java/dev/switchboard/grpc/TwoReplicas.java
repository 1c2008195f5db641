package dev.switchboard.grpc;

import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture most channel tests share: two loopback replicas named {@code a} and {@code b}, and
 * the channel a test opens to them; all closed after each test.
 */
abstract class TwoReplicas {
  TestReplica a;
  TestReplica b;
  ManagedChannel channel;

  @BeforeEach
  void startReplicas() throws IOException {
    a = new TestReplica("a");
    b = new TestReplica("b");
  }

  @AfterEach
  void stopReplicas() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    a.close();
    b.close();
  }

  /** Opens a Switchboard channel to both replicas. */
  void open(GrpcChannelOptions options) {
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(a, b), options).build();
  }

  /** A unary echo of {@code "q"} with a 5 s deadline. */
  String echo() {
    return ClientCalls.blockingUnaryCall(channel, TestReplica.ECHO, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), "q");
  }

  /** Calls until each replica answered once: both subchannels are connected then. */
  void bothConnected() {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      echo();
      return a.calls.get() > 0 && b.calls.get() > 0;
    });
  }
}

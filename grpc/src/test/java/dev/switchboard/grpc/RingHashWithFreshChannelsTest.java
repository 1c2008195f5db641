package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: {@code ring_hash} with a hash key on a fresh channel reaches the key's replica from
 * the very first call. The owner of a key is decided over every endpoint that has not failed to
 * connect, not just the ones whose connection happens to be up yet; a keyed call waits for its
 * owner's connection, as grpc-java's own {@code ring_hash} does.
 */
class RingHashWithFreshChannelsTest {
  private static final int REPLICAS = 4;
  private static final int KEYS = 10;
  private final List<TestReplica> replicas = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private String target;

  @BeforeEach
  void start() throws Exception {
    for (int i = 0; i < REPLICAS; i++) {
      replicas.add(new TestReplica("r" + i));
    }
    target = TestReplica.staticTarget(replicas.toArray(TestReplica[]::new));
  }

  @AfterEach
  void stop() throws Exception {
    for (ManagedChannel c : channels) {
      c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    replicas.forEach(TestReplica::close);
  }

  private ManagedChannel freshChannel() {
    ManagedChannel c = SwitchboardGrpc.channelBuilder(target, GrpcChannelOptions.builder().balancer("ring_hash").build())
        .build();
    channels.add(c);
    return c;
  }

  private static String replicaFor(ManagedChannel channel, String key) {
    String answer = ClientCalls.blockingUnaryCall(channel, TestReplica.ECHO,
        CallOptions.DEFAULT.withOption(SwitchboardGrpc.HASH_KEY, key).withDeadlineAfter(5, TimeUnit.SECONDS), key);
    return answer.substring(0, answer.indexOf(':'));
  }

  @Test
  void theFirstKeyedCallOfEveryFreshChannelReachesTheKeysReplica() {
    Map<String, String> owners = ownersSeenByAFullyConnectedChannel();
    assertThat(owners.values().stream().distinct().count()).as("replicas owning the keys").isGreaterThan(1);
    for (int round = 0; round < 3; round++) {
      for (Map.Entry<String, String> key : owners.entrySet()) {
        ManagedChannel fresh = freshChannel(); // its first call is this keyed call
        assertThat(replicaFor(fresh, key.getKey())).as("first call with key %s, round %d", key.getKey(), round)
            .isEqualTo(key.getValue());
      }
    }
  }

  @Test
  void everyKeyedCallOfAFreshChannelReachesItsReplica() {
    Map<String, String> owners = ownersSeenByAFullyConnectedChannel();
    ManagedChannel fresh = freshChannel();
    for (Map.Entry<String, String> key : owners.entrySet()) {
      assertThat(replicaFor(fresh, key.getKey())).as("key %s", key.getKey()).isEqualTo(key.getValue());
    }
  }

  /** Which replica owns each key, asked once every replica's connection is up. */
  private Map<String, String> ownersSeenByAFullyConnectedChannel() {
    ManagedChannel reference = freshChannel();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      ClientCalls.blockingUnaryCall(reference, TestReplica.ECHO, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), "w");
      return replicas.stream().allMatch(r -> r.calls.get() > 0); // keyless calls go to random READY replicas
    });
    Map<String, String> owners = new LinkedHashMap<>();
    for (int k = 0; k < KEYS; k++) {
      owners.put("user-" + k, replicaFor(reference, "user-" + k));
    }
    return owners;
  }
}

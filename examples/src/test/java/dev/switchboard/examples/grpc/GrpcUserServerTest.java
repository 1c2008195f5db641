package dev.switchboard.examples.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.examples.grpc.proto.User;
import dev.switchboard.grpc.GrpcChannelOptions;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GrpcUserServerTest {
  private GrpcUserServer server;
  private GrpcUserClient users;

  @BeforeEach
  void start() throws Exception {
    server = GrpcUserServer.startOnLoopback();
    users = GrpcUserClient.connect("static:" + server.address(), GrpcChannelOptions.defaults());
  }

  @AfterEach
  void stop() {
    users.close();
    server.close();
  }

  @Test
  void createThenGetReturnsTheSameUser() {
    User created = users.createUser("ada@example.com", "Ada");
    assertThat(created.getId()).isNotEmpty();
    assertThat(users.getUser(created.getId())).isEqualTo(created);
  }

  @Test
  void listUsersStreamsInIdOrderAndHonoursPageSize() {
    users.createUser("a@x", "A");
    users.createUser("b@x", "B");
    users.createUser("c@x", "C");
    assertThat(users.listUsers(0)).extracting(User::getName).containsExactly("A", "B", "C");
    assertThat(users.listUsers(2)).hasSize(2);
  }

  @Test
  void unknownUserIsAClientErrorThatIsNotRetryable() {
    assertThatThrownBy(() -> users.getUser("999"))
        .isInstanceOfSatisfying(ServiceCallException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CLIENT_ERROR);
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("NOT_FOUND");
        });
    assertThatThrownBy(() -> users.createUser("", "nobody"))
        .isInstanceOfSatisfying(ServiceCallException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CLIENT_ERROR));
  }

  @Test
  void duplicateEmailIsRejected() {
    users.createUser("dup@x", "One");
    assertThatThrownBy(() -> users.createUser("dup@x", "Two")).hasMessageContaining("ALREADY_EXISTS");
  }

  @Test
  void healthV1ReportsServingAndFollowsSetServing() throws Exception {
    var channel = ManagedChannelBuilder.forTarget(server.address()).usePlaintext().build();
    try {
      var health = HealthGrpc.newBlockingStub(channel);
      assertThat(health.check(HealthCheckRequest.newBuilder().setService(GrpcUserServer.SERVICE_NAME).build())
          .getStatus()).isEqualTo(ServingStatus.SERVING);
      server.setServing(false);
      assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void clientKeepsWorkingAcrossTwoReplicasWithHealthChecks() throws Exception {
    try (GrpcUserServer second = GrpcUserServer.startOnLoopback();
        GrpcUserClient both = GrpcUserClient.connect("static:" + server.address() + "," + second.address(),
            GrpcChannelOptions.builder().healthCheckService(GrpcUserServer.SERVICE_NAME).build())) {
      server.service().create("only@first", "First");
      second.service().create("only@second", "Second");
      List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> {
        names.add(both.getUser("1").getName());
        return names.contains("First") && names.contains("Second");
      });
      assertThat(names).containsOnly("First", "Second");
    }
  }
}

package dev.switchboard.discovery.eureka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The local registry copy against Eureka's own JSON: full fetches, deltas and the reconcile hash
 * code (instance counts per status, sorted by status), as Netflix's client computes it.
 */
class RegistryStateTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<String> skipped = new ArrayList<>();

  private static String instance(String app, String id, int port, String status, String action) {
    return "{\"instanceId\":\"" + id + "\",\"hostName\":\"127.0.0.1\",\"app\":\"" + app + "\",\"ipAddr\":\"127.0.0.1\","
        + "\"status\":\"" + status + "\",\"port\":{\"$\":" + port + ",\"@enabled\":\"true\"},"
        + "\"securePort\":{\"$\":443,\"@enabled\":\"false\"},"
        + "\"metadata\":{\"@class\":\"java.util.Collections$EmptyMap\"}"
        + (action == null ? "" : ",\"actionType\":\"" + action + "\"") + "}";
  }

  private static JsonNode applications(String hash, String... apps) throws Exception {
    return JSON.readTree("{\"applications\":{\"versions__delta\":\"1\",\"apps__hashcode\":\"" + hash
        + "\",\"application\":[" + String.join(",", apps) + "]}}").path("applications");
  }

  private static String app(String name, String... instances) {
    return "{\"name\":\"" + name + "\",\"instance\":[" + String.join(",", instances) + "]}";
  }

  @Test
  void theReconcileHashCountsInstancesPerStatusSortedByStatus() throws Exception {
    RegistryState state = new RegistryState();
    JsonNode full = applications("DOWN_1_UP_2_",
        app("USERS", instance("USERS", "u1", 1, "UP", null), instance("USERS", "u2", 2, "DOWN", null)),
        app("ORDERS", instance("ORDERS", "o1", 3, "UP", null)));
    state.replace(full, (k, why) -> skipped.add(k));
    assertThat(state.reconcileHashCode()).isEqualTo("DOWN_1_UP_2_").isEqualTo(full.path("apps__hashcode").asText());
    assertThat(state.instances("USERS")).extracting(EurekaInstance::instanceId).containsExactly("u1", "u2");
    assertThat(new RegistryState().reconcileHashCode()).isEmpty();
  }

  @Test
  void aDeltaAddsModifiesAndDeletesAndThenReconciles() throws Exception {
    RegistryState state = new RegistryState();
    state.replace(applications("UP_2_", app("USERS", instance("USERS", "u1", 1, "UP", null),
        instance("USERS", "u2", 2, "UP", null))), (k, why) -> skipped.add(k));
    JsonNode delta = applications("OUT_OF_SERVICE_1_UP_1_",
        app("USERS", instance("USERS", "u2", 2, "OUT_OF_SERVICE", "MODIFIED"), instance("USERS", "u1", 1, "UP", "DELETED"),
            instance("USERS", "u3", 3, "UP", "ADDED")));
    assertThat(state.apply(delta, (k, why) -> skipped.add(k))).containsExactly("USERS");
    assertThat(state.reconcileHashCode()).isEqualTo(delta.path("apps__hashcode").asText());
    assertThat(state.instances("USERS")).extracting(EurekaInstance::instanceId).containsExactlyInAnyOrder("u2", "u3");
  }

  @Test
  void aDeltaThatMissedAChangeDoesNotReconcile() throws Exception {
    RegistryState state = new RegistryState();
    state.replace(applications("UP_1_", app("USERS", instance("USERS", "u1", 1, "UP", null))), (k, why) -> { });
    // the server holds two instances now, but u2's ADDED fell out of its delta queue
    JsonNode delta = applications("UP_2_");
    state.apply(delta, (k, why) -> { });
    assertThat(state.reconcileHashCode()).isNotEqualTo(delta.path("apps__hashcode").asText());
  }

  @Test
  void aLoneApplicationOrInstanceObjectReadsLikeAListOfOne() throws Exception {
    RegistryState state = new RegistryState();
    JsonNode full = JSON.readTree("{\"applications\":{\"apps__hashcode\":\"UP_1_\",\"application\":"
        + "{\"name\":\"USERS\",\"instance\":" + instance("USERS", "u1", 1, "UP", null) + "}}}").path("applications");
    state.replace(full, (k, why) -> { });
    assertThat(state.reconcileHashCode()).isEqualTo("UP_1_");
  }

  @Test
  void anInstanceWithoutAPortStillCountsButIsRejectedAsAnEndpointWithTheReason() throws Exception {
    RegistryState state = new RegistryState();
    state.replace(applications("UP_1_", app("USERS", "{\"instanceId\":\"x\",\"app\":\"USERS\",\"hostName\":\"h\","
        + "\"status\":\"UP\",\"port\":{\"$\":0,\"@enabled\":\"false\"}}")), (k, why) -> { });
    assertThat(state.reconcileHashCode()).isEqualTo("UP_1_");
    EurekaInstance i = state.instances("USERS").get(0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> i.toEndpoint(false)).hasMessageContaining("no enabled port");
  }
}

package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.CallPoliciesKeys;
import dev.switchboard.config.ClientConfigs;
import dev.switchboard.config.ConfigKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The user guide's gRPC key table and the channel binder cannot drift (see core's UserGuideKeyTableTest). */
class GrpcChannelConfigsKeyTableTest {
  private static String row(ConfigKey k) {
    return "| `" + k.name() + "` | " + k.type().replace("|", "\\|") + " | " + k.defaultValue() + " | "
        + k.description() + " |";
  }

  @Test
  void theGuideListsTheChannelsOwnKeysAndTheSharedOnesAreTheClientsKeys() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("..", "docs", "USER_GUIDE.md"));
    int from = lines.indexOf("<!-- grpc keys: generated from GrpcChannelConfigs.keys() -->");
    int to = lines.indexOf("<!-- end of grpc keys -->");
    assertThat(from).isNotNegative();
    List<String> expected = GrpcChannelConfigs.keys().stream().filter(k -> !k.name().contains("."))
        .map(GrpcChannelConfigsKeyTableTest::row).toList();

    assertThat(lines.subList(from + 3, to)).as("expected:\n" + String.join("\n", expected))
        .containsExactlyElementsOf(expected);
    List<ConfigKey> shared = GrpcChannelConfigs.keys().stream().filter(k -> k.name().contains(".")).toList();
    assertThat(ClientConfigs.keys()).containsAll(shared);
    // channels run the same pipeline as HTTP clients, so they take every shared group, breaker and limit included
    assertThat(shared).extracting(k -> k.name().substring(0, k.name().indexOf('.')))
        .containsOnlyElementsOf(CallPoliciesKeys.GROUPS).containsAll(CallPoliciesKeys.GROUPS);
    String intro = String.join(" ", lines.subList(from - 4, from));
    for (String group : CallPoliciesKeys.GROUPS) {
      assertThat(intro).as("the guide's sentence before the gRPC key table").contains("`" + group + ".*`");
    }
  }
}

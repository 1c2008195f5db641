package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The user guide's key table and the binder cannot drift: every key the binder accepts is a row
 * of the table, with its type, default and description, and every row is a key the binder
 * accepts. On failure the message is the table to paste.
 */
class UserGuideKeyTableTest {
  static final Path GUIDE = Path.of("..", "docs", "USER_GUIDE.md");

  static String row(ConfigKey k) {
    return "| `" + k.name() + "` | " + k.type().replace("|", "\\|") + " | " + k.defaultValue() + " | "
        + k.description() + " |";
  }

  /** The table rows between {@code start} and {@code end} (header lines dropped). */
  static List<String> rows(String start, String end) throws IOException {
    List<String> lines = Files.readAllLines(GUIDE);
    int from = lines.indexOf(start);
    int to = lines.indexOf(end);
    assertThat(from).as("marker " + start + " in " + GUIDE).isNotNegative();
    assertThat(to).as("marker " + end).isGreaterThan(from);
    List<String> rows = new ArrayList<>();
    for (String l : lines.subList(from + 3, to)) { // skip the marker, the header and the separator
      rows.add(l);
    }
    return rows;
  }

  @Test
  void theGuidesTableListsExactlyTheKeysTheBinderAccepts() throws IOException {
    List<String> expected = ClientConfigs.keys().stream().map(UserGuideKeyTableTest::row).toList();
    List<String> documented = rows("<!-- keys: generated from ClientConfigs.keys() -->", "<!-- end of keys -->");

    assertThat(documented).as("docs/USER_GUIDE.md key table; expected:\n" + String.join("\n", expected))
        .containsExactlyElementsOf(expected);
  }
}

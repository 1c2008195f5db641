package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs {@code switchboard lab} at a test size and reads what it wrote. */
record LabRun(Cli.Result result, Path dir) {
  static LabRun of(String experiment, double scale, Path dir) {
    Cli.Result r = Cli.run("lab", experiment, "--scale", Double.toString(scale), "--out", dir.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    return new LabRun(r, dir);
  }

  /** The report, after checking it is a complete page that embeds at least one chart. */
  String html() throws IOException {
    String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("</svg>").endsWith("</html>\n")
        .contains("Measured here, beside the published figure");
    return html;
  }

  /** Rows of {@code <name>.csv}, after checking its header is exactly {@code columns}. */
  List<Map<String, String>> csv(String name, String... columns) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve(name + ".csv"), StandardCharsets.UTF_8);
    assertThat(fields(lines.get(0))).containsExactly(columns);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> values = fields(line);
      assertThat(values).hasSize(columns.length);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < columns.length; i++) {
        row.put(columns[i], values.get(i));
      }
      rows.add(row);
    }
    return rows;
  }

  /** One RFC 4180 line: commas separate, double quotes quote, a doubled quote is a quote. */
  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  static Map<String, String> row(List<Map<String, String>> rows, String column, String value) {
    return rows.stream().filter(r -> r.get(column).equals(value)).findFirst()
        .orElseThrow(() -> new AssertionError("no row with " + column + "=" + value + " in " + rows));
  }

  static double num(Map<String, String> row, String column) {
    return Double.parseDouble(row.get(column));
  }
}

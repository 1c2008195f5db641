package dev.switchboard.cli.lab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Raw results as a named table: written as {@code <name>.csv} (RFC 4180 quoting, {@code .} decimals
 * whatever the locale) and shown in the HTML report. Not thread-safe; fill it, then write it.
 */
public final class CsvTable {
  private final String name;
  private final List<String> columns;
  private final List<List<String>> rows = new ArrayList<>();

  public CsvTable(String name, String... columns) {
    this.name = name;
    this.columns = List.of(columns);
  }

  /** Adds a row; numbers are formatted with up to 3 decimals, in the ROOT locale. */
  public CsvTable row(Object... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(name + ": " + values.length + " values for " + columns.size() + " columns");
    }
    List<String> row = new ArrayList<>();
    for (Object v : values) {
      row.add(format(v));
    }
    rows.add(row);
    return this;
  }

  public String name() {
    return name;
  }

  public String fileName() {
    return name + ".csv";
  }

  public List<String> columns() {
    return columns;
  }

  public List<List<String>> rows() {
    return List.copyOf(rows);
  }

  /** Writes {@code <dir>/<name>.csv}. */
  public Path write(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append(String.join(",", columns.stream().map(CsvTable::quote).toList())).append('\n');
    for (List<String> row : rows) {
      sb.append(String.join(",", row.stream().map(CsvTable::quote).toList())).append('\n');
    }
    Path file = dir.resolve(fileName());
    Files.writeString(file, sb, StandardCharsets.UTF_8);
    return file;
  }

  static String format(Object v) {
    if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        return "";
      }
      String s = String.format(Locale.ROOT, "%.3f", d);
      return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
    if (v instanceof Float f) {
      return format(f.doubleValue());
    }
    return String.valueOf(v);
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}

package dev.switchboard.cli.lab.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One experiment's {@code report.html}: what was run, the measured figures beside the published
 * ones, the charts (inline SVG), the raw tables (also written as CSV next to it) and the sources.
 * Self-contained: one file, no scripts, no external assets. Not thread-safe.
 */
public final class LabReport {
  private final String title;
  private final List<String> body = new ArrayList<>();
  private final List<Finding> findings = new ArrayList<>();
  private final List<CsvTable> tables = new ArrayList<>();
  private final List<String> sources = new ArrayList<>();

  public LabReport(String title) {
    this.title = title;
  }

  /** A paragraph of plain text. */
  public LabReport paragraph(String text) {
    body.add("<p>" + SvgChart.esc(text) + "</p>");
    return this;
  }

  /** A bulleted list of plain-text items. */
  public LabReport list(List<String> items) {
    StringBuilder sb = new StringBuilder("<ul>");
    items.forEach(i -> sb.append("<li>").append(SvgChart.esc(i)).append("</li>"));
    body.add(sb.append("</ul>").toString());
    return this;
  }

  public LabReport finding(Finding finding) {
    findings.add(finding);
    return this;
  }

  public List<Finding> findings() {
    return List.copyOf(findings);
  }

  /** A chart, with a caption under it. */
  public LabReport chart(SvgChart chart, String caption) {
    body.add("<figure>" + chart.render() + "<figcaption>" + SvgChart.esc(caption) + "</figcaption></figure>");
    return this;
  }

  /** A table shown in the report (when {@code show}) and written as CSV. */
  public LabReport table(CsvTable table, boolean show) {
    tables.add(table);
    if (show) {
      StringBuilder sb = new StringBuilder("<table><caption>" + SvgChart.esc(table.fileName()) + "</caption><tr>");
      table.columns().forEach(c -> sb.append("<th>").append(SvgChart.esc(c)).append("</th>"));
      sb.append("</tr>");
      for (List<String> row : table.rows()) {
        sb.append("<tr>");
        row.forEach(v -> sb.append("<td>").append(SvgChart.esc(v)).append("</td>"));
        sb.append("</tr>");
      }
      body.add(sb.append("</table>").toString());
    }
    return this;
  }

  /** A cited source: {@code citation} and its address. */
  public LabReport source(String citation, String url) {
    sources.add("<li>" + SvgChart.esc(citation) + " <a href=\"" + SvgChart.esc(url) + "\">" + SvgChart.esc(url) + "</a></li>");
    return this;
  }

  /** Writes {@code report.html} and every table's CSV into {@code dir} (created if missing). */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (CsvTable t : tables) {
      t.write(dir);
    }
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(SvgChart.esc(title)).append("</title>\n<style>")
        .append("body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
        .append("th{background:#f4f4f4}caption{text-align:left;font-weight:bold}figure{margin:1.5em 0}")
        .append("figcaption{color:#555;font-size:90%}.env{color:#666;font-size:85%}</style></head><body>\n")
        .append("<h1>").append(SvgChart.esc(title)).append("</h1>\n");
    html.append("<h2>Measured here, beside the published figure</h2>\n<table><tr><th>what</th><th>measured here</th>"
        + "<th>published</th><th>source</th></tr>\n");
    for (Finding f : findings) {
      html.append("<tr><td>").append(SvgChart.esc(f.what())).append("</td><td>").append(SvgChart.esc(f.measured()))
          .append("</td><td>").append(SvgChart.esc(f.published())).append("</td><td>").append(SvgChart.esc(f.source()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
    body.forEach(b -> html.append(b).append('\n'));
    html.append("<h2>Raw data</h2><ul>");
    tables.forEach(t -> html.append("<li><a href=\"").append(SvgChart.esc(t.fileName())).append("\">")
        .append(SvgChart.esc(t.fileName())).append("</a> (").append(String.join(", ", t.columns())).append(")</li>"));
    html.append("</ul>\n<h2>Sources</h2><ul>");
    sources.forEach(html::append);
    html.append("</ul>\n<p class=\"env\">").append(SvgChart.esc(environment())).append("</p>\n</body></html>\n");
    Path file = dir.resolve("report.html");
    Files.writeString(file, html, StandardCharsets.UTF_8);
    return file;
  }

  /** Where and when it ran: numbers from a shared or busy machine are indicative only. */
  static String environment() {
    String load;
    try {
      load = Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException | RuntimeException e) {
      load = String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
    return "Run " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " on Java "
        + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
        + System.getProperty("os.name") + "; load average " + load
        + ". Loopback timings depend on the machine and what else runs on it.";
  }
}

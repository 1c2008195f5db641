package dev.switchboard.cli;

import dev.switchboard.cli.lab.Experiment;
import dev.switchboard.cli.lab.Experiments;
import dev.switchboard.cli.lab.LabContext;
import dev.switchboard.cli.lab.report.Finding;
import dev.switchboard.cli.lab.report.LabReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard lab <experiment> [--quick] [--out DIR]}: runs one experiment on loopback, writes
 * {@code report.html} (inline SVG charts) and its CSV files into {@code DIR}, and prints the measured
 * figures beside the published ones.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
    description = {"Reproduce a published result on loopback; write an HTML report and CSV.",
        "Writes report.html (inline SVG charts) and the raw CSV files into --out, and prints the measured",
        "figures beside the published ones. Experiments:", "${sys:switchboard.lab.list}"},
    footer = {"", "Example: switchboard lab tail-at-scale --quick --out /tmp/tail"})
final class LabCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<experiment>", description = "One of: ${sys:switchboard.lab.experiments}")
  String experiment;

  @Option(names = "--quick", description = "A smaller run that finishes in well under a minute.")
  boolean quick;

  @Option(names = "--out", paramLabel = "DIR", description = "Where report.html and the CSV files go."
      + " Default: switchboard-lab/<experiment>")
  Path out;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of every random draw. Default: ${DEFAULT-VALUE}")
  long seed;

  /** For tests: a size between --quick and nothing, e.g. 0.1. */
  @Option(names = "--scale", hidden = true)
  Double scale;

  @Spec CommandSpec spec;

  static List<String> names() {
    System.setProperty("switchboard.lab.list", Experiments.all().stream()
        // picocli formats descriptions: a literal % (as in "1% of replies") must be doubled
        .map(e -> String.format("  %-14s %s", e.name(), e.description().replace("%", "%%")))
        .collect(Collectors.joining("%n")));
    return Experiments.names();
  }

  @Override
  public Integer call() throws Exception {
    Experiment e = Experiments.named(experiment).orElseThrow(() -> new UsageError(
        "unknown experiment '" + experiment + "'; valid: " + String.join(", ", Experiments.names())));
    double size = scale != null ? scale : quick ? LabContext.QUICK : 1.0;
    if (!(size > 0 && size <= 1)) {
      throw new UsageError("--scale must be in (0, 1]: " + scale);
    }
    Path dir = out != null ? out : Path.of("switchboard-lab", e.name());
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf("switchboard lab %s%s (seed %d): writing to %s%n", e.name(), size < 1 ? " --quick" : "", seed,
        dir.toAbsolutePath());
    stdout.flush();
    Logging.onlyErrorsFromSwitchboard(); // the report counts what matters; per-event warnings would drown the log
    long start = System.nanoTime();
    LabReport report = e.run(new LabContext(size, seed, stdout));
    Path file = report.write(dir);
    stdout.printf("%n%s in %.1f s. Report: %s%n", e.name(), (System.nanoTime() - start) / 1e9, file.toAbsolutePath());
    printFindings(stdout, report.findings());
    return ExitCodes.OK;
  }

  private static void printFindings(PrintWriter out, List<Finding> findings) {
    int what = Math.max(4, findings.stream().mapToInt(f -> f.what().length()).max().orElse(4));
    int measured = Math.max(13, findings.stream().mapToInt(f -> f.measured().length()).max().orElse(13));
    int published = Math.max(9, findings.stream().mapToInt(f -> f.published().length()).max().orElse(9));
    String row = "  %-" + what + "s  %-" + measured + "s  %-" + published + "s  %s%n";
    out.printf(row, "what", "measured here", "published", "source");
    findings.forEach(f -> out.printf(row, f.what(), f.measured(), f.published(), f.source()));
    out.flush();
  }
}

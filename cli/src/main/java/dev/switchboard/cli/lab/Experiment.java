package dev.switchboard.cli.lab;

import dev.switchboard.cli.lab.report.LabReport;

/**
 * One {@code switchboard lab} experiment: it reproduces a published result on real loopback
 * sockets and returns its report (findings, charts, raw tables), which the lab command writes.
 * Implementations are stateless; {@link #run} starts and stops everything it needs, also on failure.
 */
public interface Experiment {
  /** The command-line name, e.g. {@code tail-at-scale}. */
  String name();

  /** One line for {@code switchboard lab --help}. */
  String description();

  /** Runs the experiment; everything it started is stopped when this returns or throws. */
  LabReport run(LabContext context) throws Exception;
}

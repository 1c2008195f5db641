package dev.switchboard.cli.lab;

import dev.switchboard.cli.lab.deadline.DeadlineChainExperiment;
import dev.switchboard.cli.lab.hung.HungReplicaExperiment;
import dev.switchboard.cli.lab.kill.KillReplicaExperiment;
import dev.switchboard.cli.lab.storm.RetryStormExperiment;
import dev.switchboard.cli.lab.tail.TailAtScaleExperiment;
import java.util.List;
import java.util.Optional;

/** The catalogue of lab experiments, in the order the README lists them. */
public final class Experiments {
  private static final List<Experiment> ALL = List.of(new TailAtScaleExperiment(), new HungReplicaExperiment(),
      new RetryStormExperiment(), new KillReplicaExperiment(), new DeadlineChainExperiment());

  private Experiments() {}

  public static List<Experiment> all() {
    return ALL;
  }

  public static List<String> names() {
    return ALL.stream().map(Experiment::name).toList();
  }

  public static Optional<Experiment> named(String name) {
    return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}

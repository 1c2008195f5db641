package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabCommandTest {
  @Test
  void helpListsEveryExperimentWithWhatItReproduces() {
    Cli.Result r = Cli.run("lab", "--help");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("tail-at-scale").contains("hung-replica").contains("retry-storm")
        .contains("kill-replica").contains("deadline-chain").contains("--quick").contains("--out");
  }

  @Test
  void anUnknownExperimentIsAUsageErrorListingTheValidNames() {
    Cli.Result r = Cli.run("lab", "tail-of-scale");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).containsExactly("switchboard lab: unknown experiment 'tail-of-scale'; valid: tail-at-scale,"
        + " hung-replica, retry-storm, kill-replica, deadline-chain (see 'switchboard lab --help')");
  }
}

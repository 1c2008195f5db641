package dev.switchboard.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
  @Test
  void theSameSeedGivesTheSameScheduleAndAnotherSeedADifferentOne() {
    FaultSchedule a = FaultSchedule.of(7, Duration.ofSeconds(1), Duration.ofSeconds(4));
    FaultSchedule b = FaultSchedule.of(7, Duration.ofSeconds(1), Duration.ofSeconds(4));
    FaultSchedule c = FaultSchedule.of(8, Duration.ofSeconds(1), Duration.ofSeconds(4));

    assertThat(a.phases()).isEqualTo(b.phases());
    assertThat(a.killAtNanos()).isEqualTo(b.killAtNanos());
    assertThat(a.flakyRate()).isEqualTo(b.flakyRate());
    assertThat(c.killAtNanos()).isNotEqualTo(a.killAtNanos());
  }

  @Test
  void fivePhasesFollowTheWarmUpBackToBackAndTheKillFallsInTheKillPhase() {
    FaultSchedule s = FaultSchedule.of(42, Duration.ofMillis(1500), Duration.ofSeconds(4));

    assertThat(s.reported()).extracting(Phase::name).containsExactly("steady", "503s", "slow", "kill", "outage");
    for (int i = 1; i < s.phases().size(); i++) {
      assertThat(s.phases().get(i).startNanos()).isEqualTo(s.phases().get(i - 1).endNanos());
    }
    assertThat(s.totalNanos()).isEqualTo(Duration.ofMillis(1500 + 5 * 4000).toNanos());
    assertThat(s.named("kill").contains(s.killAtNanos())).isTrue();
    assertThat(s.at(s.killAtNanos()).name()).isEqualTo("kill");
    assertThat(s.flakyRate()).isBetween(0.2, 0.3);
    assertThat(s.slowLatency()).isBetween(Duration.ofMillis(150), Duration.ofMillis(250));
  }
}

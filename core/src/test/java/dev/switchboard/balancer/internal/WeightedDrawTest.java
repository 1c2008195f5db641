package dev.switchboard.balancer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The alias table's draws, with a seeded random. */
class WeightedDrawTest {
  private static double[] shares(int[] weights, int draws, long seed) {
    WeightedDraw draw = new WeightedDraw(weights);
    RandomGenerator random = new SplittableRandom(seed)::nextLong;
    int[] counts = new int[weights.length];
    for (int i = 0; i < draws; i++) {
      counts[draw.next(random)]++;
    }
    double[] out = new double[weights.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = counts[i] / (double) draws;
    }
    return out;
  }

  @Test
  void drawsEachIndexInProportionToItsWeight() {
    double[] s = shares(new int[] {1, 2, 3, 4}, 200_000, 1);
    assertThat(s[0]).isCloseTo(0.1, offset(0.005));
    assertThat(s[1]).isCloseTo(0.2, offset(0.005));
    assertThat(s[2]).isCloseTo(0.3, offset(0.005));
    assertThat(s[3]).isCloseTo(0.4, offset(0.005));
  }

  @Test
  void aTinyWeightNextToHugeOnesStillGetsItsSmallShare() {
    // SRV weight 0 becomes endpoint weight 1 next to weights scaled by 100
    double[] s = shares(new int[] {1, 1000, 3000}, 400_000, 2);
    assertThat(s[0]).isCloseTo(1 / 4001.0, offset(0.0003)).isGreaterThan(0);
    assertThat(s[1]).isCloseTo(0.25, offset(0.005));
    assertThat(s[2]).isCloseTo(0.75, offset(0.005));
  }

  @Test
  void equalWeightsAreUniformAndASingleIndexIsCertain() {
    double[] s = shares(new int[] {7, 7, 7}, 90_000, 3);
    for (double x : s) {
      assertThat(x).isCloseTo(1 / 3.0, offset(0.01));
    }
    assertThat(shares(new int[] {5}, 100, 4)[0]).isEqualTo(1.0);
  }
}

package dev.switchboard.balancer.internal;

/** Test access to the package-private EDF schedule. */
public final class WrrScheduleProbe {
  private WrrScheduleProbe() {}

  public static int[] schedule(int[] weights) {
    return WeightedRoundRobinRule.schedule(weights);
  }
}

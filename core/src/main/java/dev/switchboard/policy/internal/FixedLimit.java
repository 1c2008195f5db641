package dev.switchboard.policy.internal;

/** A static limit. */
final class FixedLimit implements LimitAlgorithm {
  private final int limit;

  FixedLimit(int limit) {
    this.limit = limit;
  }

  @Override
  public int limit() {
    return limit;
  }

  @Override
  public void onSample(long rttNanos, int inFlight, boolean dropped) {}
}

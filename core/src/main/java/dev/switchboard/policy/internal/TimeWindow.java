package dev.switchboard.policy.internal;

import dev.switchboard.time.Ticker;
import java.time.Duration;

/** Outcomes of the last {@code duration}, in ten time slices. */
final class TimeWindow implements OutcomeWindow {
  private final SlidingWindowCounter calls;
  private final SlidingWindowCounter failures;

  TimeWindow(Ticker ticker, Duration duration) {
    this.calls = new SlidingWindowCounter(ticker, duration, 10);
    this.failures = new SlidingWindowCounter(ticker, duration, 10);
  }

  @Override
  public void record(boolean failure) {
    calls.add(1);
    if (failure) {
      failures.add(1);
    }
  }

  @Override
  public long calls() {
    return calls.sum();
  }

  @Override
  public long failures() {
    return failures.sum();
  }
}

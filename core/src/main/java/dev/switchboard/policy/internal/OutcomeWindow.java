package dev.switchboard.policy.internal;

/** The breaker's sliding window of call outcomes. Thread-safe, lock-free. */
interface OutcomeWindow {
  /** Records one judged call. */
  void record(boolean failure);

  /** Judged calls in the window. */
  long calls();

  /** Failed calls in the window. */
  long failures();
}

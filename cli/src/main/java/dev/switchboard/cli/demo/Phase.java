package dev.switchboard.cli.demo;

/**
 * One stretch of the demo's fault schedule, in nanoseconds from the start of the run.
 *
 * @param index position in the schedule (0 is the unreported warm-up)
 * @param name short name shown in tables
 * @param fault what is wrong during this phase, in words
 * @param startNanos when it starts, relative to the run's start
 * @param endNanos when it ends (exclusive)
 * @param reported false for the warm-up, which no table shows
 */
record Phase(int index, String name, String fault, long startNanos, long endNanos, boolean reported) {
  long lengthNanos() {
    return endNanos - startNanos;
  }

  boolean contains(long offsetNanos) {
    return offsetNanos >= startNanos && offsetNanos < endNanos;
  }
}

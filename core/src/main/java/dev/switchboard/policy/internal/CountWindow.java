package dev.switchboard.policy.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last {@code size} outcomes in a ring. Each record claims the next slot and swaps its
 * outcome in, then corrects the running totals by what it replaced, so the totals need no lock.
 */
final class CountWindow implements OutcomeWindow {
  private static final int EMPTY = 0;
  private static final int SUCCESS = 1;
  private static final int FAILURE = 2;

  private final int size;
  private final AtomicIntegerArray ring;
  private final AtomicLong cursor = new AtomicLong();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();

  CountWindow(int size) {
    this.size = size;
    this.ring = new AtomicIntegerArray(size);
  }

  @Override
  public void record(boolean failure) {
    int slot = (int) (cursor.getAndIncrement() % size);
    int old = ring.getAndSet(slot, failure ? FAILURE : SUCCESS);
    if (old == EMPTY) {
      calls.incrementAndGet();
    } else if (old == FAILURE) {
      failures.decrementAndGet();
    }
    if (failure) {
      failures.incrementAndGet();
    }
  }

  @Override
  public long calls() {
    return calls.get();
  }

  @Override
  public long failures() {
    return failures.get();
  }
}

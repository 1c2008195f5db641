package dev.switchboard.balancer.internal;

import java.util.random.RandomGenerator;

/**
 * Draws an index with probability proportional to its weight in O(1): Vose's alias method, the
 * biased coin Finagle's P2C flips ({@code com.twitter.finagle.util.Drv}). Built once per picker on
 * the control side (O(n)); each draw is one random integer, one random double and two array reads.
 * Immutable; thread-safe when the random source is.
 */
final class WeightedDraw {
  private final double[] keep;
  private final int[] alias;

  WeightedDraw(int[] weights) {
    int n = weights.length;
    keep = new double[n];
    alias = new int[n];
    double total = 0;
    for (int w : weights) {
      total += w;
    }
    double[] scaled = new double[n];
    int[] small = new int[n];
    int[] large = new int[n];
    int s = 0;
    int l = 0;
    for (int i = 0; i < n; i++) {
      scaled[i] = weights[i] * n / total;
      if (scaled[i] < 1) {
        small[s++] = i;
      } else {
        large[l++] = i;
      }
    }
    while (s > 0 && l > 0) {
      int lo = small[--s];
      int hi = large[--l];
      keep[lo] = scaled[lo];
      alias[lo] = hi;
      scaled[hi] = scaled[hi] + scaled[lo] - 1;
      if (scaled[hi] < 1) {
        small[s++] = hi;
      } else {
        large[l++] = hi;
      }
    }
    while (l > 0) {
      keep[large[--l]] = 1; // rounding leftovers are certain
    }
    while (s > 0) {
      keep[small[--s]] = 1;
    }
  }

  /** An index in [0, n), i with probability weight[i] / total. */
  int next(RandomGenerator random) {
    int i = random.nextInt(keep.length);
    return random.nextDouble() < keep[i] ? i : alias[i];
  }
}

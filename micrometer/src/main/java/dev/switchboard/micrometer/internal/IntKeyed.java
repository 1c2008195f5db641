package dev.switchboard.micrometer.internal;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * A small map from int keys to values, for the few outcome combinations one route meets: reads
 * scan an immutable snapshot (no lock, no boxing, no allocation), writes copy it under a lock.
 * Meant for a handful to a few dozen keys; writes are rare (a new combination is seen).
 */
final class IntKeyed<T> {
  private record Snapshot(int[] keys, Object[] values) {}

  private volatile Snapshot snapshot = new Snapshot(new int[0], new Object[0]);

  @SuppressWarnings("unchecked")
  T get(int key) {
    Snapshot s = snapshot;
    int[] keys = s.keys;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == key) {
        return (T) s.values[i];
      }
    }
    return null;
  }

  T computeIfAbsent(int key, IntFunction<T> create) {
    T v = get(key);
    return v != null ? v : add(key, create);
  }

  private synchronized T add(int key, IntFunction<T> create) {
    T v = get(key);
    if (v != null) {
      return v;
    }
    v = create.apply(key);
    Snapshot s = snapshot;
    int n = s.keys.length;
    int[] keys = Arrays.copyOf(s.keys, n + 1);
    Object[] values = Arrays.copyOf(s.values, n + 1);
    keys[n] = key;
    values[n] = v;
    snapshot = new Snapshot(keys, values);
    return v;
  }
}

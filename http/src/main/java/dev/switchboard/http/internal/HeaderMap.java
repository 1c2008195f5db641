package dev.switchboard.http.internal;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Response headers as the pipeline's {@code Map<String, List<String>>} with lowercase names,
 * without copying them into one per response: a response has a handful of headers and is asked
 * for one or two ({@code content-type}, {@code retry-after}), so a lookup scans the names as
 * received, ignoring case. Iterating (rare: logging, adapters) builds the lowercase map once.
 * A transport subclasses it over its own header objects, so a value is read (and its string
 * made) only when asked for. Immutable once built; safe to share.
 */
public abstract class HeaderMap extends AbstractMap<String, List<String>> {
  private Map<String, List<String>> materialized; // racy but idempotent: any thread may build it

  protected HeaderMap() {}

  /** How many header lines were received. */
  protected abstract int count();

  /** The name of line {@code i}, in the case received. */
  protected abstract String name(int i);

  /** The value of line {@code i}; may be made on each call. */
  protected abstract String value(int i);

  @Override
  public List<String> get(Object key) {
    if (!(key instanceof String name)) {
      return null;
    }
    String first = null;
    List<String> more = null;
    for (int i = 0, n = count(); i < n; i++) {
      if (name(i).equalsIgnoreCase(name)) {
        if (first == null) {
          first = value(i);
        } else {
          if (more == null) {
            more = new ArrayList<>(4);
            more.add(first);
          }
          more.add(value(i));
        }
      }
    }
    return first == null ? null : more == null ? List.of(first) : Collections.unmodifiableList(more);
  }

  /** The first value of header {@code name} (any case), or null: {@link #get} without the list. */
  public String first(String name) {
    for (int i = 0, n = count(); i < n; i++) {
      if (name(i).equalsIgnoreCase(name)) {
        return value(i);
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    if (key instanceof String name) {
      for (int i = 0, n = count(); i < n; i++) {
        if (name(i).equalsIgnoreCase(name)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public boolean isEmpty() {
    return count() == 0;
  }

  @Override
  public Set<Entry<String, List<String>>> entrySet() {
    Map<String, List<String>> m = materialized;
    if (m == null) {
      Map<String, List<String>> built = new LinkedHashMap<>();
      for (int i = 0, n = count(); i < n; i++) {
        built.computeIfAbsent(name(i).toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(value(i));
      }
      built.replaceAll((k, v) -> List.copyOf(v));
      m = Collections.unmodifiableMap(built);
      materialized = m;
    }
    return m.entrySet();
  }
}

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
 * Immutable; safe to share once built.
 */
public final class HeaderMap extends AbstractMap<String, List<String>> {
  private final String[] names;
  private final String[] values;
  private Map<String, List<String>> materialized; // racy but idempotent: any thread may build it

  /** Headers {@code names[i]: values[i]} in the order received; the arrays must not change later. */
  public HeaderMap(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  @Override
  public List<String> get(Object key) {
    if (!(key instanceof String name)) {
      return null;
    }
    String first = null;
    List<String> more = null;
    for (int i = 0; i < names.length; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        if (first == null) {
          first = values[i];
        } else {
          if (more == null) {
            more = new ArrayList<>(4);
            more.add(first);
          }
          more.add(values[i]);
        }
      }
    }
    return first == null ? null : more == null ? List.of(first) : Collections.unmodifiableList(more);
  }

  @Override
  public boolean containsKey(Object key) {
    if (key instanceof String name) {
      for (String n : names) {
        if (n.equalsIgnoreCase(name)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public boolean isEmpty() {
    return names.length == 0;
  }

  @Override
  public Set<Entry<String, List<String>>> entrySet() {
    Map<String, List<String>> m = materialized;
    if (m == null) {
      Map<String, List<String>> built = new LinkedHashMap<>();
      for (int i = 0; i < names.length; i++) {
        built.computeIfAbsent(names[i].toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(values[i]);
      }
      built.replaceAll((k, v) -> List.copyOf(v));
      m = Collections.unmodifiableMap(built);
      materialized = m;
    }
    return m.entrySet();
  }
}

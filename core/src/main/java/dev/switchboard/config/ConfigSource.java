package dev.switchboard.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where configuration text comes from: a map, {@link Properties}, environment variables, or
 * several of these layered. A source only lists raw names and values; the binder decides what
 * they mean, so every source honours the same relaxed names:
 *
 * <ul>
 *   <li><b>Dotted names</b> ({@link #of(Map)}, {@link #of(Properties)}, YAML flattened by a
 *       framework): {@code switchboard.clients.users.retry.max-attempts}; each segment may also be
 *       camelCase ({@code maxAttempts}) or use underscores ({@code max_attempts}). A list is one
 *       comma-separated value or indexed entries ({@code retry-on[0]}, {@code retry-on[1]}).
 *   <li><b>Environment names</b> ({@link #environment(Map)}): upper case with underscores, as
 *       Spring Boot spells them: {@code SWITCHBOARD_CLIENTS_USERS_TIMEOUT},
 *       {@code SWITCHBOARD_CLIENTS_USERS_RETRY_MAXATTEMPTS} (or {@code ..._RETRY_MAX_ATTEMPTS}).
 *       A client name made of several words is written with underscores
 *       ({@code USER_SERVICE} for {@code user-service}).
 * </ul>
 *
 * Immutable snapshots; thread-safe.
 */
@FunctionalInterface
public interface ConfigSource {
  /**
   * One raw setting.
   *
   * @param name the name as written, e.g. {@code switchboard.clients.users.timeout}
   * @param value the value as written
   * @param environmentForm true for an environment variable name ({@code SWITCHBOARD_CLIENTS_...})
   * @param origin where it came from, for messages (e.g. {@code "environment"}); entries of one
   *     origin form one layer
   */
  record Entry(String name, String value, boolean environmentForm, String origin) {
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value of " + name);
      Objects.requireNonNull(origin, "origin");
    }
  }

  /**
   * Every entry, highest precedence first: when two entries of different origins set the same
   * key, the earlier one wins.
   */
  List<Entry> entries();

  /** Dotted names from a map (e.g. parsed {@code application.properties}). */
  static ConfigSource of(Map<String, String> properties) {
    return of(properties, "properties");
  }

  /** Dotted names from a map, reported as coming from {@code origin}. */
  static ConfigSource of(Map<String, String> properties, String origin) {
    List<Entry> entries = new ArrayList<>();
    new TreeMap<>(properties).forEach((k, v) -> entries.add(new Entry(k, v, false, origin)));
    List<Entry> snapshot = List.copyOf(entries);
    return () -> snapshot;
  }

  /** Dotted names from {@link Properties} (string values only). */
  static ConfigSource of(Properties properties) {
    Map<String, String> map = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      map.put(name, properties.getProperty(name));
    }
    return of(map, "properties");
  }

  /** Environment variables ({@code SWITCHBOARD_CLIENTS_USERS_TIMEOUT=2s}); other variables are ignored. */
  static ConfigSource environment(Map<String, String> variables) {
    List<Entry> entries = new ArrayList<>();
    new TreeMap<>(variables).forEach((k, v) -> entries.add(new Entry(k, v, true, "environment")));
    List<Entry> snapshot = List.copyOf(entries);
    return () -> snapshot;
  }

  /** {@link #environment(Map)} of this process's {@link System#getenv()}. */
  static ConfigSource systemEnvironment() {
    return environment(System.getenv());
  }

  /**
   * {@code sources} layered: a key set by an earlier source hides the same key in later ones. A
   * layer whose origin an earlier layer already used is reported as {@code "<origin> (layer N)"}.
   */
  static ConfigSource layered(ConfigSource... sources) {
    List<ConfigSource> all = List.copyOf(Arrays.asList(sources));
    return () -> {
      List<Entry> entries = new ArrayList<>();
      java.util.Set<String> earlier = new java.util.HashSet<>();
      for (int i = 0; i < all.size(); i++) {
        java.util.Set<String> mine = new java.util.HashSet<>();
        for (Entry e : all.get(i).entries()) {
          String origin = earlier.contains(e.origin()) ? e.origin() + " (layer " + (i + 1) + ")" : e.origin();
          mine.add(origin);
          entries.add(new Entry(e.name(), e.value(), e.environmentForm(), origin));
        }
        earlier.addAll(mine);
      }
      return entries;
    };
  }
}

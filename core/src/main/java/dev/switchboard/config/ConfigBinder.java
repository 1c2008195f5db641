package dev.switchboard.config;

import dev.switchboard.config.internal.Names;
import dev.switchboard.config.internal.SettingName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Binds named groups of keys under a prefix ({@code switchboard.clients.<name>.*}) from a
 * {@link ConfigSource} with a {@link ConfigTable}: the machinery behind {@link ClientConfigs} and
 * the gRPC module's channel binding. For each name it creates a draft, applies every key that is
 * set (in table order), then lets a {@link Finisher} build the result, whose builders validate.
 *
 * <p>Every problem is collected and reported together in one {@link ConfigException}: an
 * unknown key (with the nearest valid one), a value that does not parse, a value a builder
 * refuses, or one key set twice in one source under two spellings. Each message names the
 * full key and quotes the value as written.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigBinder {
  private ConfigBinder() {}

  /** Builds one name's result from its draft once every key is applied. */
  @FunctionalInterface
  public interface Finisher<D, R> {
    /** The result, or null after reporting problems to {@code scope}. */
    R finish(String name, D draft, BuildScope scope);
  }

  /**
   * Binds every name found under {@code prefix}.
   *
   * @param drafts a fresh draft for a name
   * @return the results by name, sorted by name
   * @throws ConfigException listing every problem
   */
  public static <D, R> Map<String, R> bind(ConfigSource source, String prefix, ConfigTable<D> table,
      Function<String, D> drafts, Finisher<D, R> finisher) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(prefix, "prefix");
    List<String> problems = new ArrayList<>();
    Map<String, Group<D>> groups = read(source, prefix, table, problems);
    Map<String, R> results = new TreeMap<>();
    for (Group<D> g : groups.values()) {
      BuildScope scope = new BuildScope(prefix + "." + g.name, table, g.settings);
      D draft = drafts.apply(g.name);
      for (ConfigTable.Entry<D> e : table.entries()) {
        BuildScope.Setting s = g.settings.get(e);
        if (s == null) {
          continue;
        }
        try {
          e.apply().accept(draft, s.value());
        } catch (IllegalArgumentException ex) {
          scope.fail(e.key().name(), ex.getMessage());
        }
      }
      if (scope.problems().isEmpty()) { // a value that did not parse would only cascade
        R result = finisher.finish(g.name, draft, scope);
        if (result != null && scope.problems().isEmpty()) {
          results.put(g.name, result);
        }
      }
      problems.addAll(scope.problems());
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return results;
  }

  /** One name's settings, the first (highest precedence) source winning per key. */
  private static final class Group<D> {
    final String name;
    final boolean nameFromEnvironment;
    final Map<ConfigTable.Entry<D>, BuildScope.Setting> settings = new LinkedHashMap<>();

    Group(String name, boolean nameFromEnvironment) {
      this.name = name;
      this.nameFromEnvironment = nameFromEnvironment;
    }
  }

  private static <D> Map<String, Group<D>> read(ConfigSource source, String prefix, ConfigTable<D> table,
      List<String> problems) {
    Map<String, Group<D>> groups = new TreeMap<>();
    for (ConfigSource.Entry raw : source.entries()) {
      String client;
      ConfigTable.Entry<D> entry;
      int index = -1;
      if (raw.environmentForm()) {
        List<String> words = SettingName.environmentWords(raw.name(), prefix);
        if (words == null) {
          continue;
        }
        int split = environmentSplit(words, table);
        if (split < 0) {
          problems.add(raw.name() + ": unknown key for \"" + Names.fromEnvironmentWords(words.get(0))
              + "\"; nearest valid key: " + prefix + "." + Names.fromEnvironmentWords(words.get(0)) + "."
              + table.nearest(String.join(".", words.subList(1, words.size()))) + " (" + raw.origin() + ")");
          continue;
        }
        client = Names.fromEnvironmentWords(String.join("_", words.subList(0, split)));
        entry = table.findEnvironment(Names.environmentUniform(String.join("", words.subList(split, words.size()))));
      } else {
        SettingName n = SettingName.dotted(raw.name(), prefix);
        if (n == null) {
          continue;
        }
        client = n.client();
        index = n.index();
        if (n.key().isEmpty()) {
          problems.add(raw.name() + ": a client is configured by the keys below it, such as " + raw.name()
              + ".target (" + raw.origin() + ")");
          continue;
        }
        entry = table.find(n.key());
        if (entry == null) {
          problems.add(raw.name() + ": unknown key; nearest valid key: " + prefix + "." + client + "."
              + table.nearest(n.key()) + " (" + raw.origin() + ")");
          continue;
        }
      }
      String uniformClient = Names.uniform(client);
      Group<D> g = groups.get(uniformClient);
      if (g == null || (g.nameFromEnvironment && !raw.environmentForm())) { // prefer a dotted spelling of the name
        Group<D> named = new Group<>(client, raw.environmentForm());
        if (g != null) {
          named.settings.putAll(g.settings);
        }
        groups.put(uniformClient, named);
        g = named;
      }
      BuildScope.Setting s = g.settings.get(entry);
      if (s == null) {
        g.settings.put(entry, new BuildScope.Setting(raw.name(), raw.origin(), raw.value(), index));
      } else if (s.origin().equals(raw.origin())) { // same layer: list items, or a clash of spellings
        if (index >= 0 && s.isList()) {
          s.addItem(index, raw.value());
        } else {
          problems.add(prefix + "." + client + "." + entry.key().name() + ": set twice in " + raw.origin()
              + ", as " + s.spelledAs() + " and as " + raw.name());
        }
      } // else: a later, lower-precedence layer; the earlier setting wins
    }
    return groups;
  }

  /** The number of words naming the client: the fewest that leave a known key, or -1. */
  private static <D> int environmentSplit(List<String> words, ConfigTable<D> table) {
    for (int k = 1; k < words.size(); k++) {
      if (table.findEnvironment(Names.environmentUniform(String.join("", words.subList(k, words.size())))) != null) {
        return k;
      }
    }
    return -1;
  }
}

package dev.switchboard.config;

import dev.switchboard.config.internal.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;

/**
 * A table of configuration keys: for each, its {@link ConfigKey} description, how its text is
 * parsed and which setter of a mutable draft {@code D} receives the value. Tables compose
 * ({@link Builder#include}): the client table of {@link ClientConfigs} and the gRPC channel table
 * both include {@link CallPoliciesKeys#table()}, so one key means the same everywhere. The table is
 * the single list of keys: the binder accepts exactly these, suggests the nearest one for a typo,
 * and the user guide's key table is checked against {@link #keys()}.
 *
 * <p>Each key also names the builder field its validation messages use (by default the
 * camelCase of its last segment: {@code max-attempts} is {@code maxAttempts}), so that a
 * builder's {@code "maxAttempts must be 1..5: 9"} is reported against the right key.
 *
 * <p>Immutable and thread-safe once built; drafts are confined to one bind.
 *
 * @param <D> the draft the keys write into
 */
public final class ConfigTable<D> {
  /** One key of a table: what it is, the builder field named in its validation messages, how it is set. */
  record Entry<D>(ConfigKey key, String field, BiConsumer<D, String> apply) {}

  private final List<Entry<D>> entries;
  private final Map<String, Entry<D>> byUniformName;
  private final Map<String, Entry<D>> byEnvironmentName;

  private ConfigTable(List<Entry<D>> entries) {
    this.entries = List.copyOf(entries);
    Map<String, Entry<D>> uniform = new LinkedHashMap<>();
    Map<String, Entry<D>> env = new LinkedHashMap<>();
    for (Entry<D> e : entries) {
      String u = Names.uniform(e.key().name());
      if (uniform.put(u, e) != null) {
        throw new IllegalStateException("two keys read as " + e.key().name());
      }
      if (env.put(Names.environmentUniform(e.key().name()), e) != null) {
        throw new IllegalStateException("two keys share the environment name of " + e.key().name());
      }
    }
    this.byUniformName = Collections.unmodifiableMap(uniform);
    this.byEnvironmentName = Collections.unmodifiableMap(env);
  }

  public static <D> Builder<D> builder() {
    return new Builder<>();
  }

  /** Every key, in table order. */
  public List<ConfigKey> keys() {
    return entries.stream().map(Entry::key).toList();
  }

  List<Entry<D>> entries() {
    return entries;
  }

  /** The entry for a dotted name in any relaxed spelling, or null. */
  Entry<D> find(String relaxedName) {
    return byUniformName.get(Names.uniform(relaxedName));
  }

  /** The entry whose environment spelling (no separators at all) is {@code joined}, or null. */
  Entry<D> findEnvironment(String joined) {
    return byEnvironmentName.get(joined);
  }

  /** The key nearest to {@code relaxedName} (edit distance), for "did you mean". */
  String nearest(String relaxedName) {
    String wanted = Names.uniform(relaxedName);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Entry<D> e : entries) {
      int d = Names.distance(wanted, Names.uniform(e.key().name()));
      if (d < bestDistance) {
        bestDistance = d;
        best = e.key().name();
      }
    }
    return best;
  }

  /** Builds a {@link ConfigTable}. Not thread-safe. */
  public static final class Builder<D> {
    private final List<Entry<D>> entries = new ArrayList<>();

    private Builder() {}

    /**
     * A key of any type: {@code apply} parses the text and sets the draft, throwing an
     * {@link IllegalArgumentException} whose message says what was expected (the binder adds the
     * key and the value).
     */
    public Builder<D> key(ConfigKey key, BiConsumer<D, String> apply) {
      entries.add(new Entry<>(key, Names.camel(lastSegment(key.name())), Objects.requireNonNull(apply, "apply")));
      return this;
    }

    /**
     * Names the builder field used in the validation messages of the key added last, when it is
     * not the camelCase of its last segment (e.g. {@code retry.multiplier} is {@code backoffMultiplier}).
     */
    public Builder<D> field(String field) {
      Entry<D> last = entries.remove(entries.size() - 1);
      entries.add(new Entry<>(last.key(), field, last.apply()));
      return this;
    }

    public Builder<D> duration(String name, String def, String description, BiConsumer<D, Duration> set) {
      return key(new ConfigKey(name, "duration", def, description), (d, raw) -> set.accept(d, ConfigValues.duration(raw)));
    }

    public Builder<D> integer(String name, String def, String description, ObjIntConsumer<D> set) {
      return key(new ConfigKey(name, "int", def, description), (d, raw) -> set.accept(d, ConfigValues.integer(raw)));
    }

    public Builder<D> decimal(String name, String def, String description, BiConsumer<D, Double> set) {
      return key(new ConfigKey(name, "number", def, description), (d, raw) -> set.accept(d, ConfigValues.decimal(raw)));
    }

    public Builder<D> bool(String name, String def, String description, BiConsumer<D, Boolean> set) {
      return key(new ConfigKey(name, "boolean", def, description), (d, raw) -> set.accept(d, ConfigValues.bool(raw)));
    }

    public Builder<D> size(String name, String def, String description, BiConsumer<D, Long> set) {
      return key(new ConfigKey(name, "size", def, description), (d, raw) -> set.accept(d, ConfigValues.dataSize(raw)));
    }

    public Builder<D> text(String name, String def, String description, BiConsumer<D, String> set) {
      return key(new ConfigKey(name, "text", def, description), (d, raw) -> set.accept(d, raw.trim()));
    }

    public Builder<D> list(String name, String def, String description, BiConsumer<D, List<String>> set) {
      return key(new ConfigKey(name, "list", def, description), (d, raw) -> set.accept(d, ConfigValues.list(raw)));
    }

    /** A key whose value is one constant of {@code type} ({@link ConfigValues#choice}). */
    public <E extends Enum<E>> Builder<D> choice(String name, Class<E> type, String def, String description,
        BiConsumer<D, E> set) {
      String spelled = ConfigValues.choices(type).replace(", ", " | ");
      return key(new ConfigKey(name, spelled, def, description), (d, raw) -> set.accept(d, ConfigValues.choice(raw, type)));
    }

    /**
     * Every key of {@code table} under {@code prefix} ({@code ""} for none), writing into the part
     * of this draft that {@code part} returns.
     */
    public <E> Builder<D> include(String prefix, ConfigTable<E> table, Function<D, E> part) {
      String p = prefix.isEmpty() ? "" : prefix + ".";
      for (Entry<E> e : table.entries) {
        ConfigKey k = e.key();
        BiConsumer<E, String> apply = e.apply();
        entries.add(new Entry<>(new ConfigKey(p + k.name(), k.type(), k.defaultValue(), k.description()), e.field(),
            (d, raw) -> apply.accept(part.apply(d), raw)));
      }
      return this;
    }

    public ConfigTable<D> build() {
      return new ConfigTable<>(entries);
    }

    private static String lastSegment(String name) {
      return name.substring(name.lastIndexOf('.') + 1);
    }
  }
}

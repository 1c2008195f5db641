package dev.switchboard.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@link ConfigBinder.Finisher} builds with: which keys of one name were set and to what,
 * and {@link #build} and {@link #fail} to report problems against the right key. A builder's
 * {@code IllegalArgumentException} ({@code "maxAttempts must be 1..5: 9"}) is reported as
 * {@code switchboard.clients.users.retry.max-attempts: must be 1..5, was "9"}. Confined to one
 * bind; not thread-safe.
 */
public final class BuildScope {
  private static final Pattern FIELD_FIRST = Pattern.compile("(\\w+):? (.*)", Pattern.DOTALL);
  private static final Pattern RULE_THEN_VALUE = Pattern.compile("(must .*?): [^:]*", Pattern.DOTALL);

  /** One key's raw setting: its spelling, origin and value (list items joined by commas). */
  static final class Setting {
    private final String spelledAs;
    private final String origin;
    private final String value;
    private final TreeMap<Integer, String> items;

    Setting(String spelledAs, String origin, String value, int index) {
      this.spelledAs = spelledAs;
      this.origin = origin;
      this.value = value;
      this.items = index < 0 ? null : new TreeMap<>(Map.of(index, value));
    }

    String spelledAs() { return spelledAs; }
    String origin() { return origin; }
    boolean isList() { return items != null; }
    void addItem(int index, String item) { items.put(index, item); }
    String value() { return items == null ? value : String.join(",", items.values()); }
  }

  private final String base;
  private final ConfigTable<?> table;
  private final Map<? extends ConfigTable.Entry<?>, Setting> settings;
  private final List<String> problems = new ArrayList<>();

  BuildScope(String base, ConfigTable<?> table, Map<? extends ConfigTable.Entry<?>, Setting> settings) {
    this.base = base;
    this.table = table;
    this.settings = settings;
  }

  /** True when {@code key} (relative, canonical) was set. */
  public boolean isSet(String key) {
    return setting(key) != null;
  }

  /** The set keys of {@code group} and its subgroups ({@code "limit"}: {@code limit.max-wait}, ...), in table order. */
  public List<String> setKeys(String group) {
    List<String> out = new ArrayList<>();
    for (var e : settings.keySet()) {
      String k = e.key().name();
      if (k.startsWith(group + ".")) {
        out.add(k);
      }
    }
    return out;
  }

  /** The full name of {@code key}: {@code switchboard.clients.users.retry.max-attempts}. */
  public String fullName(String key) {
    return key.isEmpty() ? base : base + "." + key;
  }

  /**
   * Reports a problem with {@code key} ({@code ""} for the whole client): {@code message} says
   * what is wrong; the value as written is appended when the key was set.
   */
  public void fail(String key, String message) {
    Setting s = setting(key);
    StringBuilder sb = new StringBuilder(fullName(key)).append(": ").append(message);
    if (s != null) {
      sb.append(", was \"").append(s.value()).append('"');
      if (!s.spelledAs().equals(fullName(key))) {
        sb.append(" (set as ").append(s.spelledAs()).append(')');
      }
    }
    problems.add(sb.toString());
  }

  /**
   * Runs a builder's {@code build()}; if it throws an {@link IllegalArgumentException}, reports
   * it against the key of {@code group} ({@code "retry"}, or {@code ""} for top-level keys) whose
   * field the message names, and returns null.
   */
  public <T> T build(String group, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      attribute(group, String.valueOf(e.getMessage()));
      return null;
    }
  }

  List<String> problems() {
    return problems;
  }

  private void attribute(String group, String message) {
    Matcher m = FIELD_FIRST.matcher(message);
    String key = m.matches() ? keyOfField(group, m.group(1)) : null;
    if (key != null) {
      String rest = m.group(2);
      Matcher rule = RULE_THEN_VALUE.matcher(rest);
      String text = rule.matches() ? rule.group(1) : rest;
      text = nameOtherFields(group, key, text);
      if (isSet(key)) {
        fail(key, text);
      } else {
        problems.add(fullName(key) + ": " + text + ", was " + defaultOf(key) + " (the default)");
      }
      return;
    }
    for (var e : settings.entrySet()) { // e.g. "unknown scheme in \"zk2://...\"": the key whose value it quotes
      String k = e.getKey().key().name();
      if (inGroup(group, k) && message.contains(e.getValue().value())) {
        fail(k, message);
        return;
      }
    }
    problems.add(fullName(group) + ": " + message);
  }

  /** The key of {@code group} whose builder field is {@code field}, or null. */
  private String keyOfField(String group, String field) {
    for (ConfigTable.Entry<?> e : table.entries()) {
      if (e.field().equals(field) && inGroup(group, e.key().name())) {
        return e.key().name();
      }
    }
    return null;
  }

  /** "must be >= initialBackoff" reads "must be >= retry.initial-backoff (25ms)". */
  private String nameOtherFields(String group, String key, String text) {
    String out = text;
    for (ConfigTable.Entry<?> e : table.entries()) {
      String k = e.key().name();
      if (!k.equals(key) && inGroup(group, k) && out.matches("(?s).*\\b" + e.field() + "\\b.*")) {
        Setting s = setting(k);
        out = out.replaceAll("\\b" + e.field() + "\\b",
            Matcher.quoteReplacement(k + " (" + (s != null ? s.value() : defaultOf(k)) + ")"));
      }
    }
    return out;
  }

  private static boolean inGroup(String group, String key) {
    return group.isEmpty() ? key.indexOf('.') < 0 : key.startsWith(group + ".") && key.indexOf('.', group.length() + 1) < 0;
  }

  private String defaultOf(String key) {
    for (ConfigTable.Entry<?> e : table.entries()) {
      if (e.key().name().equals(key)) {
        return e.key().defaultValue();
      }
    }
    return "?";
  }

  private Setting setting(String key) {
    for (var e : settings.entrySet()) {
      if (e.getKey().key().name().equals(key)) {
        return e.getValue();
      }
    }
    return null;
  }
}

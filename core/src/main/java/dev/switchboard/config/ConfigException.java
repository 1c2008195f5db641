package dev.switchboard.config;

import java.util.List;

/**
 * Configuration that cannot be bound: every problem found, each naming the full key and quoting
 * the value, e.g. {@code switchboard.clients.users.retry.max-attempts: must be 1..5, was "9"}. The
 * binder reports all problems of all clients at once rather than stopping at the first.
 * Immutable.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  /** An exception listing {@code problems} (at least one). */
  public ConfigException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, one line each, in key order. */
  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    if (problems.size() == 1) {
      return "invalid Switchboard configuration: " + problems.get(0);
    }
    return "invalid Switchboard configuration (" + problems.size() + " problems):\n  " + String.join("\n  ", problems);
  }
}

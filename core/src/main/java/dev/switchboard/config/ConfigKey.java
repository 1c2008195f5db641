package dev.switchboard.config;

import java.util.Objects;

/**
 * What one configuration key is, for documentation and tools: its name relative to a client
 * ({@code retry.max-attempts}), the type of its value, its default and what it does.
 *
 * @param name the canonical (kebab-case, dotted) name below the client, e.g. {@code retry.max-attempts}
 * @param type the value's type as the user guide spells it: {@code duration}, {@code int},
 *     {@code number}, {@code boolean}, {@code size}, {@code text}, {@code list}, or a choice such as
 *     {@code fixed | aimd | gradient}
 * @param defaultValue the default, as text (e.g. {@code 25ms}, or {@code off})
 * @param description what it does, one sentence
 */
public record ConfigKey(String name, String type, String defaultValue, String description) {
  public ConfigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(description, "description");
  }
}

package dev.switchboard.context;

import java.util.Objects;

/**
 * A typed key for extension values carried in a {@link CallContext}. Keys compare by identity, so
 * two keys with the same name are different keys. Immutable and thread-safe.
 *
 * <pre>{@code
 * static final ContextKey<String> TENANT = ContextKey.named("tenant");
 * CallContext.current().with(TENANT, "acme").run(() -> client.get("/x", Json.class));
 * }</pre>
 *
 * @param <T> the value type
 */
public final class ContextKey<T> {
  private final String name;

  private ContextKey(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /** A new key; the name is for debugging only. */
  public static <T> ContextKey<T> named(String name) {
    return new ContextKey<>(name);
  }

  /** The debugging name. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "ContextKey[" + name + "]";
  }
}

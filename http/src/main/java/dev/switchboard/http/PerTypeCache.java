package dev.switchboard.http;

import java.lang.reflect.Type;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One value per decoded type (a codec's reader), built once: classes without limit (held by a
 * {@link ClassValue}, so a class loader can still be unloaded), generic types up to 256 (they are
 * few; a flood of them is built every time rather than cached). Thread-safe; a value may be built
 * twice under a race, and one of them is kept.
 */
final class PerTypeCache<R> {
  private static final int MAX_CACHED_TYPES = 256;

  private final Function<Type, R> build;
  private final ClassValue<R> classes = new ClassValue<>() {
    @Override
    protected R computeValue(Class<?> type) {
      return build.apply(type);
    }
  };
  private final ConcurrentHashMap<Type, R> generics = new ConcurrentHashMap<>();

  PerTypeCache(Function<Type, R> build) {
    this.build = build;
  }

  R get(Type type) {
    if (type instanceof Class<?> c) {
      return classes.get(c);
    }
    R r = generics.get(type);
    if (r == null) {
      r = build.apply(type);
      if (generics.size() < MAX_CACHED_TYPES) {
        generics.putIfAbsent(type, r);
      }
    }
    return r;
  }
}

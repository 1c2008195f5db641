package dev.switchboard.transport;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Finds {@link TransportProvider}s on the class path by name: what configuration's
 * {@code transport} key resolves through. Looks in the thread's context class loader (so an
 * application server's or Spring Boot's loader sees the application's jars), else in core's own.
 *
 * <p>Stateless and thread-safe; each call loads the providers again (configuration binds are rare,
 * and a fresh look sees the class path the caller has now).
 */
public final class TransportProviders {
  private TransportProviders() {}

  /**
   * The factory of the available provider named {@code name} (any case).
   *
   * @throws IllegalArgumentException naming {@code name} and listing the names found, or saying
   *     that none was found and which module brings them
   */
  public static TransportFactory find(String name) {
    SortedMap<String, TransportProvider> found = available();
    TransportProvider p = found.get(name.trim().toLowerCase(java.util.Locale.ROOT));
    if (p == null) {
      throw new IllegalArgumentException(found.isEmpty()
          ? "no transport \"" + name + "\": no transport provider is on the class path (switchboard-http brings"
              + " apache and jdk)"
          : "no transport \"" + name + "\"; transports found: " + String.join(", ", found.keySet()));
    }
    return p.factory();
  }

  /**
   * Every available provider, by name (sorted).
   *
   * @throws IllegalStateException if two providers share a name, naming both classes
   */
  public static SortedMap<String, TransportProvider> available() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = TransportProvider.class.getClassLoader();
    }
    SortedMap<String, TransportProvider> out = new TreeMap<>();
    try {
      for (TransportProvider p : ServiceLoader.load(TransportProvider.class, loader)) {
        if (!p.isAvailable()) {
          continue;
        }
        TransportProvider clash = out.put(p.name().toLowerCase(java.util.Locale.ROOT), p);
        if (clash != null && clash.getClass() != p.getClass()) {
          throw new IllegalStateException("two transport providers are named \"" + p.name() + "\": "
              + clash.getClass().getName() + " and " + p.getClass().getName());
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("cannot load the transport providers: " + e.getMessage(), e);
    }
    return out;
  }
}

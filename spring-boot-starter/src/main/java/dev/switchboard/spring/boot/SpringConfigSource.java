package dev.switchboard.spring.boot;

import dev.switchboard.config.ConfigSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Spring's {@code Environment} as a {@link ConfigSource}, so Switchboard's own binder reads
 * {@code application.yml}, {@code application.properties}, command-line arguments, system
 * properties and environment variables exactly as it reads them anywhere else: same keys, same
 * relaxed names, same messages. Each property source is one layer, in Spring's precedence order;
 * values are read through the environment's placeholder resolution ({@code ${...}}). Only names
 * under {@code switchboard.} ({@code SWITCHBOARD_} for environment variables) are read.
 * Thread-safe; reads the environment when {@link #entries()} is called.
 */
final class SpringConfigSource implements ConfigSource {
  private final ConfigurableEnvironment environment;

  SpringConfigSource(ConfigurableEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource<?> enumerable)
          || source.getName().equals("configurationProperties")) { // Boot's view over all the others
        continue;
      }
      boolean env = source instanceof SystemEnvironmentPropertySource;
      for (String name : enumerable.getPropertyNames()) {
        boolean ours = env ? name.toUpperCase(Locale.ROOT).startsWith("SWITCHBOARD_")
            : name.toLowerCase(Locale.ROOT).startsWith("switchboard.");
        Object value = ours ? source.getProperty(name) : null;
        if (value != null) {
          entries.add(new Entry(name, environment.resolvePlaceholders(String.valueOf(value)), env, source.getName()));
        }
      }
    }
    return entries;
  }
}

package dev.switchboard.spring.boot;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.BodyCodec;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.telemetry.TelemetryListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every Switchboard client configured under {@code switchboard.clients.<name>}, by name: the
 * application's one {@link HttpServiceClient} per destination (the starter also registers each as
 * a bean, {@code <name>Client}, qualified by its name), and declarative interfaces built on them.
 *
 * <pre>{@code
 * @Autowired SwitchboardClients switchboard;
 * UserApi users = switchboard.declarative(UserApi.class, "users");
 * }</pre>
 *
 * <p>Each client is created on first use, with the application's {@link BodyCodec} (its
 * {@code JsonMapper} or {@code ObjectMapper}) and every {@link TelemetryListener} bean, and is
 * closed when the application context closes. Thread-safe.
 */
public final class SwitchboardClients implements AutoCloseable {
  private final Map<String, ServiceConfig> configs;
  private final BodyCodec codec;
  private final TelemetryListener telemetry;
  private final Map<String, HttpServiceClient> clients = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param configs the bound configurations by name
   * @param codec the body codec of every client
   * @param listeners telemetry listeners given to every client (none: no telemetry)
   */
  public SwitchboardClients(Map<String, ServiceConfig> configs, BodyCodec codec, List<TelemetryListener> listeners) {
    this.configs = Map.copyOf(configs);
    this.codec = Objects.requireNonNull(codec, "codec");
    this.telemetry = listeners.isEmpty() ? null : TelemetryListener.composite(List.copyOf(listeners));
  }

  /** The configured client names. */
  public Set<String> names() {
    return configs.keySet();
  }

  /** The configuration of client {@code name}, as bound (before telemetry is added). */
  public ServiceConfig config(String name) {
    ServiceConfig c = configs.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no Switchboard client \"" + name + "\" is configured; configured: "
          + new java.util.TreeSet<>(configs.keySet()) + " (set switchboard.clients." + name + ".target)");
    }
    return c;
  }

  /** The client {@code name}, created on first use. */
  public HttpServiceClient client(String name) {
    if (closed) {
      throw new IllegalStateException("the Switchboard clients are closed (the application context closed)");
    }
    return clients.computeIfAbsent(name, n -> {
      ServiceConfig c = config(n);
      return new HttpServiceClient(telemetry == null ? c : c.toBuilder().telemetry(telemetry).build(), codec);
    });
  }

  /** The clients created so far, by name. */
  public Map<String, HttpServiceClient> created() {
    return new LinkedHashMap<>(clients);
  }

  /**
   * A Switchboard declarative interface ({@code dev.switchboard.http.declarative} annotations,
   * with {@code @Timeout}/{@code @Retry}/{@code @Idempotent}) on client {@code name}. The proxy's
   * {@code close()} does not close the shared client; the application context does.
   */
  public <T> T declarative(Class<T> api, String name) {
    return HttpServiceClient.create(api, client(name));
  }

  /** The codec every client uses. */
  public BodyCodec codec() {
    return codec;
  }

  /** Closes every client; idempotent. */
  @Override
  public void close() {
    closed = true;
    clients.values().forEach(HttpServiceClient::close);
  }
}

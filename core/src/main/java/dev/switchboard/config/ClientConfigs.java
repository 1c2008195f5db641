package dev.switchboard.config;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.policy.CallPolicies;
import java.util.List;
import java.util.Map;

/**
 * {@link ServiceConfig}s from configuration text: every client under {@code switchboard.clients}
 * ({@link #PREFIX}), one per name, from properties, YAML flattened by a framework, or environment
 * variables.
 *
 * <pre>{@code
 * switchboard.clients.users.target=dns+srv:///_users._tcp.svc.test
 * switchboard.clients.users.timeout=2s
 * switchboard.clients.users.retry.max-attempts=2
 * SWITCHBOARD_CLIENTS_USERS_HEDGING_DELAY=20ms        # the same client, from the environment
 *
 * Map<String, ServiceConfig> clients = ClientConfigs.bind(ConfigSource.layered(
 *     ConfigSource.systemEnvironment(), ConfigSource.of(properties)));
 * ServiceConfig users = clients.get("users");          // name "users", used in errors and telemetry
 * }</pre>
 *
 * <p>The keys are {@link #keys()}: {@code target} or {@code base-url}, timeouts and sizes, the
 * transport keys ({@code transport}, {@code tls.*}, {@code connections.*}; a transport is found by
 * name through {@link dev.switchboard.transport.TransportProviders}), and the shared policy keys of
 * {@link CallPoliciesKeys}. TLS files are read when the client is bound, so a missing or bad file
 * fails the bind, naming the key and the file; passwords are never quoted. Durations
 * are {@code 250ms}, {@code 2s}, {@code 1m} or ISO-8601 ({@code PT2S}). Validation is
 * {@link ServiceConfig}'s and the policies' own; a bad value, an unknown key (reported with the
 * nearest valid one) or a missing target fails with one {@link ConfigException} listing every
 * problem, each naming the full key and the value. Telemetry listeners and filters are code, not
 * text: add them to the result with {@code config.toBuilder()}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ClientConfigs {
  /** Where HTTP clients are configured: {@code switchboard.clients.<name>.<key>}. */
  public static final String PREFIX = "switchboard.clients";

  private static final ConfigTable<Draft> TABLE = buildTable();

  private ClientConfigs() {}

  /** One client's keys as they are applied. Confined to one bind; its members are for this class. */
  public static final class Draft {
    final ServiceConfig.Builder builder = ServiceConfig.builder();
    final PolicyDraft policies = CallPoliciesKeys.draft(CallPolicies.defaults());
    final TransportKeys.Draft transport = new TransportKeys.Draft();
    String target;
    String baseUrl;

    Draft() {}
  }

  /** Every client under {@link #PREFIX} in {@code source}, by name (sorted). */
  public static Map<String, ServiceConfig> bind(ConfigSource source) {
    return bind(source, PREFIX);
  }

  /**
   * Every client under {@code prefix} (e.g. {@code "myapp.clients"}).
   *
   * @throws ConfigException listing every problem
   */
  public static Map<String, ServiceConfig> bind(ConfigSource source, String prefix) {
    return ConfigBinder.bind(source, prefix, TABLE, name -> new Draft(), ClientConfigs::finish);
  }

  /** The keys of one client, in table order (the user guide's key table lists exactly these). */
  public static List<ConfigKey> keys() {
    return TABLE.keys();
  }

  /** The table, to include in a bigger one. */
  public static ConfigTable<Draft> table() {
    return TABLE;
  }

  private static ConfigTable<Draft> buildTable() {
    ConfigTable.Builder<Draft> t = ConfigTable.builder();
    t.text("target", "none (or base-url)", "a discovery target: static:h:p,h:p, dns:, dns+srv:, zk:, etcd:, mem:",
        (d, v) -> d.target = v);
    t.text("base-url", "none (or target)", "http(s)://host[:port][/prefix], instead of a target",
        (d, v) -> d.baseUrl = v);
    t.duration("timeout", "30s", "the whole call, all attempts; an earlier inbound deadline wins",
        (d, v) -> d.builder.timeout(v));
    t.duration("connect-timeout", "2s", "TCP connect timeout of each attempt", (d, v) -> d.builder.connectTimeout(v));
    t.size("max-response-bytes", "10MB", "larger bodies fail with RESPONSE_TOO_LARGE",
        (d, v) -> d.builder.maxResponseBytes(v));
    t.duration("deadline-margin", "5ms", "subtracted from the time sent downstream", (d, v) -> d.builder.deadlineMargin(v));
    t.duration("initial-resolution-timeout", "5s", "how long calls wait for discovery's first answer",
        (d, v) -> d.builder.initialResolutionTimeout(v));
    t.include("", TransportKeys.table(), d -> d.transport);
    t.include("", CallPoliciesKeys.table(), d -> d.policies);
    return t.build();
  }

  private static ServiceConfig finish(String name, Draft d, BuildScope scope) {
    if ((d.target == null) == (d.baseUrl == null)) {
      scope.fail(d.target == null ? "" : "base-url", d.target == null
          ? "has no target; set " + scope.fullName("target") + " (e.g. static:10.0.0.7:8080) or "
              + scope.fullName("base-url")
          : "is set beside " + scope.fullName("target") + "; keep one");
      return null;
    }
    CallPolicies policies = CallPoliciesKeys.build(d.policies, scope);
    if (policies == null) {
      return null;
    }
    ServiceConfig.Builder b = d.builder.name(name).policies(policies);
    if (d.target != null) {
      b.target(d.target);
    } else {
      b.baseUrl(d.baseUrl);
    }
    if (!TransportKeys.apply(d.transport, scope, b, d.baseUrl)) {
      return null;
    }
    return scope.build("", b::build);
  }
}

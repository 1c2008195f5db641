package dev.switchboard.grpc;

import dev.switchboard.config.BuildScope;
import dev.switchboard.config.CallPoliciesKeys;
import dev.switchboard.config.ConfigBinder;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigSource;
import dev.switchboard.config.ConfigTable;
import dev.switchboard.config.PolicyDraft;
import dev.switchboard.policy.CallPolicies;
import io.grpc.ManagedChannelBuilder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * gRPC channels from configuration text, with the same binder, value syntax, relaxed names and
 * messages as HTTP clients ({@link dev.switchboard.config.ClientConfigs}): every channel under
 * {@code switchboard.grpc.channels.<name>} ({@link #PREFIX}).
 *
 * <pre>{@code
 * switchboard.grpc.channels.users.target=dns+srv:///_users._tcp.svc.test
 * switchboard.grpc.channels.users.timeout=2s
 * switchboard.grpc.channels.users.hedging.delay=20ms
 * switchboard.grpc.channels.users.health-check-service=
 *
 * GrpcChannelConfigs.Channel users = GrpcChannelConfigs.bind(source).get("users");
 * ManagedChannel channel = users.channelBuilder().build();
 * }</pre>
 *
 * <p>The keys ({@link #keys()}): {@code target}, {@code timeout} (the default timeout of calls
 * with no other deadline), {@code deadline-margin}, {@code health-check-service},
 * {@code idempotent-methods}, and the shared policy keys, as for HTTP clients (channels run the
 * same pipeline): {@code retry.*}, {@code budget.*}, {@code hedging.*}, {@code balancing.*},
 * {@code breaker.*} and {@code limit.*}. Stateless and thread-safe.
 */
public final class GrpcChannelConfigs {
  /** Where channels are configured: {@code switchboard.grpc.channels.<name>.<key>}. */
  public static final String PREFIX = "switchboard.grpc.channels";

  private static final ConfigTable<Draft> TABLE = buildTable();

  private GrpcChannelConfigs() {}

  /**
   * One bound channel: its name, discovery target and options.
   *
   * @param name the configured name
   * @param target the target for {@link SwitchboardGrpc#channelBuilder(String, GrpcChannelOptions)}
   * @param options the channel's options
   */
  public record Channel(String name, String target, GrpcChannelOptions options) {
    public Channel {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(options, "options");
    }

    /** {@link SwitchboardGrpc#channelBuilder(String, GrpcChannelOptions)} for this channel. */
    public ManagedChannelBuilder<?> channelBuilder() {
      return SwitchboardGrpc.channelBuilder(target, options);
    }
  }

  /** One channel's keys as they are applied. Confined to one bind. */
  public static final class Draft {
    final GrpcChannelOptions.Builder builder = GrpcChannelOptions.builder();
    final PolicyDraft policies = CallPoliciesKeys.draft(CallPolicies.defaults());
    String target;

    Draft() {}
  }

  /** Every channel under {@link #PREFIX}, by name (sorted). */
  public static Map<String, Channel> bind(ConfigSource source) {
    return bind(source, PREFIX);
  }

  /**
   * Every channel under {@code prefix}.
   *
   * @throws ConfigException listing every problem, each with the full key and the value
   */
  public static Map<String, Channel> bind(ConfigSource source, String prefix) {
    return ConfigBinder.bind(source, prefix, TABLE, name -> new Draft(), GrpcChannelConfigs::finish);
  }

  /** The keys of one channel, in table order. */
  public static List<ConfigKey> keys() {
    return TABLE.keys();
  }

  private static ConfigTable<Draft> buildTable() {
    ConfigTable.Builder<Draft> t = ConfigTable.builder();
    t.text("target", "none", "the channel's target: static:h:p,h:p, dns:, dns+srv:, zk:, etcd:, mem:",
        (d, v) -> d.target = v);
    t.duration("timeout", "none", "the timeout of calls with no deadline of their own or inbound",
        (d, v) -> d.builder.defaultTimeout(v)).field("defaultTimeout");
    t.duration("deadline-margin", "5ms", "subtracted from the time sent downstream", (d, v) -> d.builder.deadlineMargin(v));
    t.text("health-check-service", "none", "gRPC health v1 service to watch (\"\" for the whole server)",
        (d, v) -> d.builder.healthCheckService(v));
    t.list("idempotent-methods", "none", "full method names (pkg.Service/Method) that may be retried and hedged",
        (d, v) -> d.builder.idempotentMethods(v.toArray(String[]::new)));
    t.include("", CallPoliciesKeys.table(Set.of("retry", "budget", "hedging", "balancing", "breaker", "limit")), d -> d.policies);
    return t.build();
  }

  private static Channel finish(String name, Draft d, BuildScope scope) {
    if (d.target == null) {
      scope.fail("", "has no target; set " + scope.fullName("target") + " (e.g. static:10.0.0.7:9090)");
      return null;
    }
    CallPolicies p = CallPoliciesKeys.build(d.policies, scope);
    if (p == null) {
      return null;
    }
    d.builder.policies(p);
    GrpcChannelOptions options = scope.build("", d.builder::build);
    return options == null ? null : new Channel(name, d.target, options);
  }
}

package dev.switchboard.grpc;

import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.balancer.LoadBalancerPolicies;
import dev.switchboard.balancer.LoadBalancerPolicy;
import dev.switchboard.grpc.internal.ChannelConfigs;
import dev.switchboard.grpc.internal.SwitchboardGrpcLoadBalancer;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import io.grpc.LoadBalancer;
import io.grpc.LoadBalancerProvider;
import io.grpc.NameResolver.ConfigOrError;
import io.grpc.Status;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Makes a Switchboard balancing policy a grpc-java load-balancing policy. Each core policy
 * {@code P} (see {@link LoadBalancerPolicies#names()}) is served under the service-config name
 * {@code switchboard_P}, e.g. {@code switchboard_peak_ewma}; the prefix keeps grpc-java's own
 * {@code round_robin} and {@code ring_hash_experimental} untouched. One more policy,
 * {@value #GENERIC_NAME}, takes the core name in its config:
 *
 * <pre>{@code
 * {"loadBalancingConfig": [{"switchboard_peak_ewma": {}}]}
 * {"loadBalancingConfig": [{"switchboard": {"policy": "peak_ewma"}}]}
 * }</pre>
 *
 * <p>Health is core's: active checks (including {@link GrpcHealthChecker gRPC health v1}),
 * outlier ejection and the panic threshold come from the {@code BalancingPolicy} that
 * {@link SwitchboardGrpc#serviceConfig} references ({@value #OPTIONS_REF}); without a reference
 * the defaults apply. grpc-java's own {@code healthCheckConfig} watch is not used (see
 * {@code docs/grpc.md}: it would hide unhealthy replicas from the panic threshold).
 *
 * <p>Registered through {@code META-INF/services/io.grpc.LoadBalancerProvider} for the built-in
 * names; {@link SwitchboardGrpc#registerBalancingPolicies()} adds policies registered later.
 * Immutable and thread-safe.
 */
public class SwitchboardLoadBalancerProvider extends LoadBalancerProvider {
  /** Prefix of every per-policy name. */
  public static final String PREFIX = "switchboard_";
  /** The policy that takes the core policy's name in its config: {@code {"policy": "..."}}. */
  public static final String GENERIC_NAME = "switchboard";
  /** Config key referring to registered {@code BalancingPolicy} and telemetry (set by {@link SwitchboardGrpc}). */
  public static final String OPTIONS_REF = "optionsRef";

  private final String corePolicy;

  /**
   * The provider for core policy {@code corePolicy} ({@code "peak_ewma"}), or the generic one when
   * null.
   */
  public SwitchboardLoadBalancerProvider(String corePolicy) {
    this.corePolicy = corePolicy == null ? null : corePolicy.toLowerCase(Locale.ROOT);
  }

  /** The service-config name for core policy {@code corePolicy}: {@code switchboard_<name>}. */
  public static String grpcName(String corePolicy) {
    return PREFIX + Objects.requireNonNull(corePolicy, "corePolicy");
  }

  @Override
  public boolean isAvailable() {
    return corePolicy == null || LoadBalancerPolicies.names().contains(corePolicy);
  }

  @Override
  public int getPriority() {
    return 5;
  }

  @Override
  public String getPolicyName() {
    return corePolicy == null ? GENERIC_NAME : grpcName(corePolicy);
  }

  @Override
  public ConfigOrError parseLoadBalancingPolicyConfig(Map<String, ?> raw) {
    String name = corePolicy;
    if (name == null) {
      Object p = raw == null ? null : raw.get("policy");
      if (!(p instanceof String s) || s.isBlank()) {
        return ConfigOrError.fromError(Status.INVALID_ARGUMENT.withDescription(
            "\"" + GENERIC_NAME + "\" load balancing config needs {\"policy\": \"<name>\"}; known: "
                + LoadBalancerPolicies.names()));
      }
      name = s;
    }
    ChannelConfigs.Entry entry = null;
    Object ref = raw == null ? null : raw.get(OPTIONS_REF);
    if (ref != null) {
      entry = ref instanceof String r ? ChannelConfigs.lookup(r) : null;
      if (entry == null) {
        return ConfigOrError.fromError(Status.INVALID_ARGUMENT.withDescription(
            "unknown " + OPTIONS_REF + " " + ref + " (it comes from SwitchboardGrpc.serviceConfig in this process)"));
      }
    }
    try {
      return ConfigOrError.fromConfig(new Config(LoadBalancerPolicies.forName(name),
          entry == null ? BalancingPolicy.defaults().toBuilder().policy(name).build() : entry.balancing(),
          entry == null ? TelemetryListener.NOOP : entry.telemetry(), entry == null ? null : entry.random()));
    } catch (IllegalArgumentException e) {
      return ConfigOrError.fromError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
    }
  }

  @Override
  public LoadBalancer newLoadBalancer(LoadBalancer.Helper helper) {
    return new ConfiguredBalancer(helper, corePolicy);
  }

  /** The parsed config: which core policy to run, with which options and telemetry. */
  record Config(LoadBalancerPolicy policy, BalancingPolicy options, TelemetryListener telemetry,
      RandomGenerator random) {}

  /**
   * Creates the Switchboard balancer lazily, on the first addresses, because the generic policy
   * learns its core policy only from the parsed config that comes with them.
   */
  private static final class ConfiguredBalancer extends LoadBalancer {
    private final Helper helper;
    private final String fixedPolicy;
    private SwitchboardGrpcLoadBalancer delegate;

    ConfiguredBalancer(Helper helper, String fixedPolicy) {
      this.helper = helper;
      this.fixedPolicy = fixedPolicy;
    }

    @Override
    public Status acceptResolvedAddresses(ResolvedAddresses resolved) {
      if (delegate == null) {
        Config c = resolved.getLoadBalancingPolicyConfig() instanceof Config parsed ? parsed
            : new Config(LoadBalancerPolicies.forName(fixedPolicy),
                BalancingPolicy.defaults().toBuilder().policy(fixedPolicy).build(), TelemetryListener.NOOP, null);
        delegate = new SwitchboardGrpcLoadBalancer(helper, c.policy(), c.options(), Ticker.system(), c.telemetry(),
            c.random());
      }
      return delegate.acceptResolvedAddresses(resolved);
    }

    @Override
    public boolean canHandleEmptyAddressListFromNameResolution() {
      return true;
    }

    @Override
    public void handleNameResolutionError(Status error) {
      if (delegate != null) {
        delegate.handleNameResolutionError(error);
      } else {
        helper.updateBalancingState(io.grpc.ConnectivityState.TRANSIENT_FAILURE,
            new FixedErrorPicker(error));
      }
    }

    @Override
    public void requestConnection() {
      if (delegate != null) {
        delegate.requestConnection();
      }
    }

    @Override
    public void shutdown() {
      if (delegate != null) {
        delegate.shutdown();
      }
    }
  }

  private static final class FixedErrorPicker extends LoadBalancer.SubchannelPicker {
    private final Status status;

    FixedErrorPicker(Status status) {
      this.status = status;
    }

    @Override
    public LoadBalancer.PickResult pickSubchannel(LoadBalancer.PickSubchannelArgs args) {
      return LoadBalancer.PickResult.withError(status);
    }
  }
}

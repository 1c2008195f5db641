package dev.switchboard.grpc;

import dev.switchboard.balancer.LoadBalancerPolicies;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.InboundOptions;
import dev.switchboard.discovery.Discovery;
import dev.switchboard.discovery.DiscoveryTarget;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.LoadBalancerRegistry;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverRegistry;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The typed entry point of Switchboard for grpc-java. Everything here is plain grpc-java: the
 * builder returned is grpc-java's own, configured with Switchboard's name resolver (discovery),
 * load balancer (policy, health v1) and interceptors (context, deadline, attempts).
 *
 * <pre>{@code
 * ManagedChannel channel = SwitchboardGrpc.channelBuilder("zk://127.0.0.1:2181/users",
 *         GrpcChannelOptions.builder().balancer("peak_ewma").healthCheckService("").build())
 *     .build();
 * UserServiceGrpc.UserServiceBlockingStub users = UserServiceGrpc.newBlockingStub(channel);
 *
 * Server server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
 *     .addService(ServerInterceptors.intercept(new UserService(), SwitchboardGrpc.serverInterceptor()))
 *     .build();
 * }</pre>
 *
 * <p>The same pieces work without this class: target {@code zk://...} with
 * {@code defaultServiceConfig({"loadBalancingConfig":[{"switchboard_peak_ewma":{}}]})} and
 * {@link #clientInterceptors(GrpcChannelOptions)} on any {@code ManagedChannelBuilder}.
 *
 * <p>Thread-safe (static methods only).
 */
public final class SwitchboardGrpc {
  /** The inbound call's context, as bound by {@link ContextServerInterceptor}. */
  public static final Context.Key<CallContext> CALL_CONTEXT = Context.key("switchboard.call-context");
  /** Per-call override of the context to propagate (used by the attempts interceptor). */
  public static final CallOptions.Key<CallContext> CALL_CONTEXT_OPTION = CallOptions.Key.create("switchboard.call-context");
  /**
   * Marks one call as safe to re-send although its method is not declared idempotent:
   * {@code stub.withOption(SwitchboardGrpc.IDEMPOTENT, true)} (like HTTP's
   * {@code Request.Builder.idempotent(true)}).
   */
  public static final CallOptions.Key<Boolean> IDEMPOTENT = CallOptions.Key.create("switchboard.idempotent");
  /** The affinity key for {@code ring_hash}: {@code stub.withOption(SwitchboardGrpc.HASH_KEY, userId)}. */
  public static final CallOptions.Key<String> HASH_KEY = CallOptions.Key.create("switchboard.hash-key");

  /** Schemes with a provider: the service-loaded built-ins plus those registered here. */
  private static final java.util.Set<String> SCHEMES_REGISTERED =
      new java.util.HashSet<>(List.of("static", "mem", "dns+srv", "zk", "etcd"));

  private SwitchboardGrpc() {}

  /** {@link #channelBuilder(String, GrpcChannelOptions)} with defaults. */
  public static ManagedChannelBuilder<?> channelBuilder(String target) {
    return channelBuilder(target, GrpcChannelOptions.defaults());
  }

  /**
   * A grpc-java channel builder for {@code target} (any Switchboard discovery target, or any
   * target grpc-java understands), configured by {@code options}.
   *
   * @throws IllegalArgumentException quoting the target when its scheme is a Switchboard one and
   *     the discovery provider rejects it (grpc-java's own targets are checked by
   *     {@code build()})
   */
  public static ManagedChannelBuilder<?> channelBuilder(String target, GrpcChannelOptions options) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(options, "options");
    registerDiscoverySchemes();
    registerBalancingPolicies();
    DiscoveryTarget parsed = null;
    try {
      parsed = DiscoveryTarget.parse(target);
    } catch (IllegalArgumentException notOurs) {
      // "host:port" and other grpc-java forms: grpc-java validates them in build().
    }
    if (parsed != null && Discovery.knownSchemes().contains(parsed.scheme())) {
      Discovery.provider(parsed);
    }
    return Grpc.newChannelBuilder(target, options.credentials())
        .defaultServiceConfig(serviceConfig(options))
        .intercept(clientInterceptors(options));
  }

  /**
   * The service config {@code options} stand for: the balancing policy, with a reference to the
   * full {@code BalancingPolicy} (health checks, outlier detection, panic, slow start, zone) and
   * telemetry. Pass it to {@code ManagedChannelBuilder.defaultServiceConfig}.
   */
  public static Map<String, Object> serviceConfig(GrpcChannelOptions options) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("loadBalancingConfig", List.of(Map.of(SwitchboardLoadBalancerProvider.grpcName(options.balancer()),
        Map.of(SwitchboardLoadBalancerProvider.OPTIONS_REF, options.configRef()))));
    return config;
  }

  /**
   * The client interceptors for {@code options}, in the order {@code ManagedChannelBuilder.intercept}
   * wants them (grpc-java runs the last one first): context and deadline innermost, so each
   * attempt gets its own headers, then attempts (retries, hedging).
   */
  public static List<ClientInterceptor> clientInterceptors(GrpcChannelOptions options) {
    List<ClientInterceptor> list = new ArrayList<>(2);
    list.add(ContextClientInterceptor.create(options.deadlineMargin(), options.defaultTimeout()));
    if (options.makesExtraAttempts()) {
      list.add(AttemptsClientInterceptor.create(options));
    }
    return list;
  }

  /** The server interceptor with defaults: binds inbound context, rejects expired calls. */
  public static ServerInterceptor serverInterceptor() {
    return ContextServerInterceptor.create();
  }

  /** The server interceptor with {@code options}, the same object the HTTP server filters take. */
  public static ServerInterceptor serverInterceptor(InboundOptions options) {
    return ContextServerInterceptor.create(options);
  }

  /**
   * The context to propagate from this thread: the bound {@link CallContext}, or when none is
   * bound, the one {@link ContextServerInterceptor} stored in {@code io.grpc.Context} (which
   * follows grpc-java's own callbacks), or {@link CallContext#empty()}.
   */
  public static CallContext currentContext() {
    CallContext bound = CallContext.current();
    if (bound != CallContext.empty()) {
      return bound;
    }
    CallContext fromGrpc = CALL_CONTEXT.get();
    return fromGrpc != null ? fromGrpc : bound;
  }

  /**
   * Registers a {@link SwitchboardNameResolverProvider} for every available discovery scheme that
   * grpc-java does not serve yet. The built-in schemes are already registered through
   * {@code META-INF/services}; this adds custom ones. Idempotent.
   */
  public static synchronized void registerDiscoverySchemes() {
    NameResolverRegistry registry = NameResolverRegistry.getDefaultRegistry();
    for (String scheme : Discovery.knownSchemes()) {
      if (!scheme.equals("dns") && SCHEMES_REGISTERED.add(scheme)) {
        registry.register(new SwitchboardNameResolverProvider(scheme));
      }
    }
  }

  /**
   * Registers a {@link SwitchboardLoadBalancerProvider} for every core policy that has no
   * {@code switchboard_*} provider yet (the built-ins come through {@code META-INF/services}).
   * Idempotent.
   */
  public static synchronized void registerBalancingPolicies() {
    LoadBalancerRegistry registry = LoadBalancerRegistry.getDefaultRegistry();
    for (String name : LoadBalancerPolicies.names()) {
      if (registry.getProvider(SwitchboardLoadBalancerProvider.grpcName(name)) == null) {
        registry.register(new SwitchboardLoadBalancerProvider(name));
      }
    }
  }
}

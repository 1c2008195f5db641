package dev.switchboard.grpc;

import dev.switchboard.balancer.LoadBalancerPolicies;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.InboundOptions;
import dev.switchboard.discovery.Discovery;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.grpc.internal.ChannelConfigs;
import dev.switchboard.grpc.internal.ChannelLink;
import dev.switchboard.grpc.internal.PublishedChannel;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.LoadBalancerRegistry;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverRegistry;
import io.grpc.ServerInterceptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The typed entry point of Switchboard for grpc-java. Everything here is plain grpc-java: the
 * builder returned is grpc-java's own, configured with Switchboard's name resolver (discovery),
 * load balancer (policy, health v1) and one client interceptor, which runs each call through the
 * same call pipeline as the HTTP client (context, deadline, breaker, limit, retries, hedges). A
 * channel it builds lists its live state ({@code DestinationStates.all()}: endpoints, budget,
 * breaker, limit, hedge delay) until it is shut down.
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
 * {@code defaultServiceConfig(SwitchboardGrpc.serviceConfig(options))} and
 * {@code intercept(SwitchboardGrpc.clientInterceptors(options))} on any {@code ManagedChannelBuilder}.
 *
 * <p>Thread-safe (static methods only).
 */
public final class SwitchboardGrpc {
  /** The inbound call's context, as bound by {@link ContextServerInterceptor}. */
  public static final Context.Key<CallContext> CALL_CONTEXT = Context.key("switchboard.call-context");
  /** Per-call override of the context to propagate (the caller's bound context otherwise). */
  public static final CallOptions.Key<CallContext> CALL_CONTEXT_OPTION = CallOptions.Key.create("switchboard.call-context");
  /**
   * Marks one call as safe to re-send although its method is not declared idempotent:
   * {@code stub.withOption(SwitchboardGrpc.IDEMPOTENT, true)} (the pipeline's
   * {@code CallOptions.idempotent}, as on HTTP).
   */
  public static final CallOptions.Key<Boolean> IDEMPOTENT = CallOptions.Key.create("switchboard.idempotent");
  /**
   * The affinity key for {@code ring_hash}: {@code stub.withOption(SwitchboardGrpc.HASH_KEY, userId)}
   * (the pipeline's {@code CallOptions.hashKey}). Calls reach the key's replica from a fresh
   * channel's first call on: a keyed call waits for that replica's connection.
   */
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
    String name = options.name() != null ? options.name() : serviceName(target, parsed);
    ChannelLink link = options.newLink(name);
    link.target(target);
    SwitchboardClientInterceptor interceptor = SwitchboardClientInterceptor.create(options, name, link);
    ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(target, options.credentials())
        .defaultServiceConfig(serviceConfig(options.balancer(), ChannelConfigs.register(link)))
        .intercept(interceptor);
    try {
      builder.setNameResolverArg(ChannelLink.RESOLVER_ARG, link);
    } catch (UnsupportedOperationException old) {
      // a builder without resolver args: discovery errors then surface after the ready timeout
    }
    // The channel's live state is listed (DestinationStates.all(): admin page, gauges) from build()
    // until its shutdown, as an HTTP client's is from construction until close().
    return PublishedChannel.builder(builder, () -> interceptor.pipeline().publishState());
  }

  /**
   * The name of the service {@code target} names, for telemetry, errors and logs: the last segment
   * of its path ({@code users} for {@code zk://127.0.0.1:2181/services/users}, {@code users.svc}
   * for {@code dns:///users.svc:8080}); a target that only lists addresses ({@code static:},
   * {@code host:port}) names no service, so the target itself is the name.
   */
  static String serviceName(String target, DiscoveryTarget parsed) {
    if (parsed == null || parsed.scheme().equals("static") || !Character.isLetter(parsed.scheme().charAt(0))) {
      return target;
    }
    String name = parsed.name();
    for (char cut : new char[] {',', ';'}) {
      int i = name.indexOf(cut);
      name = i < 0 ? name : name.substring(0, i);
    }
    while (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    name = name.substring(name.lastIndexOf('/') + 1);
    int colon = name.lastIndexOf(':');
    if (colon > 0 && name.indexOf(']') < 0 && name.substring(colon + 1).chars().allMatch(Character::isDigit)) {
      name = name.substring(0, colon); // users.svc:8080: the port is not the service's name
    }
    return name.isEmpty() ? target : name;
  }

  /**
   * The service config {@code options} stand for: the balancing policy, with a reference to the
   * options' policies (balancing with health checks, outlier detection, panic, slow start, zone;
   * telemetry, timer, random). Pass it to {@code ManagedChannelBuilder.defaultServiceConfig} of a
   * channel that also installs {@link #clientInterceptors(GrpcChannelOptions)} of the same options:
   * the balancer and the interceptor then find each other. One channel per options object.
   */
  public static Map<String, Object> serviceConfig(GrpcChannelOptions options) {
    ChannelLink link = options.link();
    link.expectBalancer();
    return serviceConfig(options.balancer(), ChannelConfigs.register(link));
  }

  private static Map<String, Object> serviceConfig(String balancer, String ref) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("loadBalancingConfig", List.of(Map.of(SwitchboardLoadBalancerProvider.grpcName(balancer),
        Map.of(SwitchboardLoadBalancerProvider.OPTIONS_REF, ref))));
    return config;
  }

  /**
   * The client interceptor for {@code options}: one {@link SwitchboardClientInterceptor}, which
   * runs unary and server-streaming calls through the call pipeline and writes the propagation
   * headers and deadline of every call. Pair it with {@link #serviceConfig(GrpcChannelOptions)}.
   */
  public static List<ClientInterceptor> clientInterceptors(GrpcChannelOptions options) {
    return List.of(SwitchboardClientInterceptor.create(options));
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

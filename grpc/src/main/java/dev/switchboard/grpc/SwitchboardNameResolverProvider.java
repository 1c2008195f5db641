package dev.switchboard.grpc;

import dev.switchboard.discovery.Discovery;
import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.grpc.internal.ChannelLink;
import dev.switchboard.grpc.internal.SwitchboardNameResolver;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Makes one Switchboard discovery scheme ({@code static}, {@code mem}, {@code dns+srv}, {@code zk},
 * {@code etcd}, or any other {@link dev.switchboard.discovery.DiscoveryProvider}) a grpc-java
 * target scheme, so {@code ManagedChannelBuilder.forTarget("zk://127.0.0.1:2181/users")} resolves
 * through Switchboard discovery.
 *
 * <p>grpc-java keys providers by scheme, so there is one instance per scheme. The built-in
 * schemes register themselves through {@code META-INF/services/io.grpc.NameResolverProvider}
 * (each is {@linkplain #isAvailable() available} only when its discovery module is on the class
 * path); {@link SwitchboardGrpc#registerDiscoverySchemes()} adds any other scheme found at run
 * time. Switchboard's own {@code dns:} is not registered: grpc-java's {@code dns:} resolver
 * already serves that scheme.
 *
 * <p>Discovery updates reach the channel as they happen; a failing registry keeps the last known
 * addresses. A channel made by {@link SwitchboardGrpc#channelBuilder} passes its policies along
 * ({@code NameResolver.Args}), so discovery runs on the channel's timer and telemetry, and a
 * discovery failure before the first answer fails its waiting calls at once. A target whose syntax the discovery provider rejects fails channel creation with the
 * provider's message, which quotes the target. Immutable and thread-safe.
 */
public class SwitchboardNameResolverProvider extends NameResolverProvider {
  /**
   * Priority 4, below grpc-java's DNS resolver (5). grpc-java keys resolvers by scheme, so the
   * priority only matters in one other place: the registry's default scheme (used for targets
   * without one, such as {@code "127.0.0.1:9090"}) is the scheme of the highest-priority provider.
   * Anything above 5 would send every plain {@code host:port} target in the process to our
   * resolver (e.g. as {@code zk:///127.0.0.1:9090}). None of our schemes collides with a
   * grpc-java built-in, so nothing is lost by ranking lower.
   */
  public static final int PRIORITY = 4;

  private final String scheme;
  private final DiscoveryEnvironment environment;

  /** A provider for {@code scheme} with the default discovery environment. */
  public SwitchboardNameResolverProvider(String scheme) {
    this(scheme, DiscoveryEnvironment.defaults());
  }

  /** A provider for {@code scheme} whose sources use {@code environment}. */
  public SwitchboardNameResolverProvider(String scheme, DiscoveryEnvironment environment) {
    this.scheme = Objects.requireNonNull(scheme, "scheme").toLowerCase(Locale.ROOT);
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
    if (!scheme.equalsIgnoreCase(targetUri.getScheme())) {
      return null;
    }
    DiscoveryTarget target = DiscoveryTarget.parse(targetUri.toString());
    // Opening validates on the caller's thread: a malformed target fails
    // ManagedChannelBuilder.build() with the provider's message instead of failing every RPC.
    // Resolution itself only starts when the channel starts the resolver.
    ChannelLink link = args.getArg(ChannelLink.RESOLVER_ARG); // set by SwitchboardGrpc.channelBuilder
    DiscoveryEnvironment env = link == null ? environment : environment
        .withClock(link.policies().timer(), link.policies().ticker())
        .withTelemetry(link.policies().telemetry());
    EndpointSource source = Discovery.provider(target).open(target, env);
    return new SwitchboardNameResolver(source, args.getSynchronizationContext(), args.getOverrideAuthority(), link);
  }

  @Override
  public String getDefaultScheme() {
    return scheme;
  }

  @Override
  protected boolean isAvailable() {
    return Discovery.knownSchemes().contains(scheme);
  }

  @Override
  protected int priority() {
    return PRIORITY;
  }

  @Override
  public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
    return List.of(InetSocketAddress.class);
  }

  @Override
  public String toString() {
    return "SwitchboardNameResolverProvider[" + scheme + "]";
  }
}

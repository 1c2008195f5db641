package dev.switchboard.grpc.internal;

import dev.switchboard.balancer.EndpointStatsRegistry;
import dev.switchboard.balancer.LoadBalancer;
import dev.switchboard.balancer.PickContext;
import dev.switchboard.balancer.Picker;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.telemetry.DiscoveryStatus;
import dev.switchboard.telemetry.EndpointState;
import java.util.ArrayList;
import java.util.List;

/**
 * What a channel's Switchboard balancer last published, as the call pipeline picks from it: the
 * core balancer (its picker is read live, so ejections and health flips apply at once), the
 * endpoint statistics the pipeline updates, which members are still connecting, and whether calls
 * may start yet. It is the pipeline's {@link Picker} itself, so a pick allocates nothing when
 * every member is connected.
 *
 * <p>Members are the endpoints offered to the core balancer: those whose subchannel is READY and,
 * for {@code ring_hash}, also those still connecting for the first time (see
 * {@link SwitchboardGrpcLoadBalancer}). A pick without a hash key prefers a READY member; one with
 * a key takes the key's owner even while it connects (the attempt then waits for its connection),
 * as grpc-java's own {@code ring_hash} does.
 *
 * <p>Immutable and thread-safe; built on the channel's synchronization context.
 */
final class BalancerView implements Picker {
  private final LoadBalancer core; // null: no Switchboard balancer (see the factories)
  private final Endpoint wholeChannel; // non-null: the channel stands as one endpoint
  private final EndpointStatsRegistry stats;
  private final List<Endpoint> connecting;
  private final boolean settled;
  private final String unavailable;
  private final String states;
  private final List<SubchannelRouter.Route> routes; // every endpoint, with its connectivity
  private final DiscoveryStatus discovery;

  /**
   * @param connecting members whose subchannel is not READY yet
   * @param settled true once calls may start: something is READY, or nothing is still connecting
   * @param unavailable why nothing can be picked when there are no members, else null
   * @param states each endpoint's connectivity, for "not ready" errors
   * @param routes every endpoint discovery named, with its connectivity (for {@link #endpointStates})
   * @param discovery what discovery last did
   */
  BalancerView(LoadBalancer core, EndpointStatsRegistry stats, List<Endpoint> connecting, boolean settled,
      String unavailable, String states, List<SubchannelRouter.Route> routes, DiscoveryStatus discovery) {
    this(core, null, stats, connecting, settled, unavailable, states, routes, discovery);
  }

  private BalancerView(LoadBalancer core, Endpoint wholeChannel, EndpointStatsRegistry stats,
      List<Endpoint> connecting, boolean settled, String unavailable, String states,
      List<SubchannelRouter.Route> routes, DiscoveryStatus discovery) {
    this.core = core;
    this.wholeChannel = wholeChannel;
    this.stats = stats;
    this.connecting = List.copyOf(connecting);
    this.settled = settled;
    this.unavailable = unavailable;
    this.states = states;
    this.routes = List.copyOf(routes);
    this.discovery = discovery;
  }

  /** A view for a channel whose discovery failed before it named any endpoint. */
  static BalancerView failed(String why, EndpointStatsRegistry stats) {
    return new BalancerView(null, null, stats, List.of(), true, why, "no endpoints", List.of(),
        new DiscoveryStatus("", 0, 0, why));
  }

  /**
   * A view for a channel no Switchboard balancer serves: every pick is {@code channel}, the
   * channel as one endpoint, and the channel's own balancer chooses the replica. Exclusions cannot
   * apply, so it ignores them.
   */
  static BalancerView wholeChannel(Endpoint channel, EndpointStatsRegistry stats) {
    return new BalancerView(null, channel, stats, List.of(), true, null, "no Switchboard balancer", List.of(),
        DiscoveryStatus.UNKNOWN);
  }

  /** True when {@code endpoint} is this view's whole-channel endpoint. */
  boolean isWholeChannel(Endpoint endpoint) {
    return wholeChannel != null && wholeChannel == endpoint;
  }

  @Override
  public Endpoint pick(PickContext context) {
    if (core == null) {
      return wholeChannel;
    }
    Picker picker = core.picker();
    if (connecting.isEmpty() || context.hashKey() != null) {
      return picker.pick(context);
    }
    List<Endpoint> avoid = new ArrayList<>(context.excluded().size() + connecting.size());
    avoid.addAll(context.excluded());
    avoid.addAll(connecting);
    Endpoint ready = picker.pick(new PickContext(avoid, null, context.zone()));
    return ready != null ? ready : picker.pick(context); // nothing READY: wait on a connecting one
  }

  @Override
  public String describeUnavailable() {
    return unavailable != null || core == null ? String.valueOf(unavailable) : core.picker().describeUnavailable();
  }

  /** The statistics of the endpoints this view picks from. */
  EndpointStatsRegistry stats() {
    return stats;
  }

  /** True once calls may start (see the constructor). */
  boolean settled() {
    return settled;
  }

  /**
   * Every endpoint with its health and statistics ({@link ChannelStates}); for a whole-channel view
   * the channel as one endpoint. Off the hot path.
   */
  List<EndpointState> endpointStates(long nowNanos) {
    if (wholeChannel != null) {
      return List.of(stats.of(wholeChannel).snapshot(wholeChannel, nowNanos, true, false, 0, ""));
    }
    return core == null ? List.of() : ChannelStates.of(core, stats, routes, nowNanos);
  }

  /** What discovery last did, as the balancer saw it. */
  DiscoveryStatus discovery() {
    return discovery;
  }

  /** Each endpoint's connectivity, e.g. {@code "127.0.0.1:9090 CONNECTING, ..."}. */
  String states() {
    return states;
  }
}

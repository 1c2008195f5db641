package dev.switchboard.grpc.internal;

import dev.switchboard.balancer.BalancerContext;
import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.balancer.EndpointStatsRegistry;
import dev.switchboard.balancer.LoadBalancerPolicy;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.grpc.GrpcHealthChecker;
import dev.switchboard.health.HealthCheckPolicy;
import dev.switchboard.policy.CallPolicies;
import dev.switchboard.telemetry.DiscoveryStatus;
import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.ConnectivityStateInfo;
import io.grpc.EquivalentAddressGroup;
import io.grpc.LoadBalancer;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The grpc-java {@link LoadBalancer} that runs a Switchboard {@link LoadBalancerPolicy}. It keeps
 * one subchannel per discovered endpoint and offers the core balancer the endpoints that can take
 * calls; everything above the connection is the core balancer's, as on HTTP: active health checks
 * (a {@link GrpcHealthChecker} probes over the endpoint's own subchannel), outlier ejection, the
 * panic threshold, slow start and zones. The pick itself happens once, in core: the call pipeline
 * picks from the {@link BalancerView} this balancer publishes to its {@link ChannelLink}, and the
 * {@link SubchannelRouter} hands grpc-java the chosen endpoint's subchannel.
 *
 * <p><b>Members.</b> An endpoint whose subchannel is READY is a member. One that failed to connect
 * stays out until it is READY again, whatever its subchannel does meanwhile (gRPC's "sticky
 * TRANSIENT_FAILURE", gRFC A62): a dead replica's reconnection attempts never bring it back into
 * rotation. For {@code ring_hash}, an endpoint still connecting for the first time is a member
 * too, because which endpoint owns a key must not depend on which connections happen to be up: a
 * keyed call on a fresh channel waits for the owner's connection and moves along the ring only if
 * that connection fails, as grpc-java's own {@code ring_hash} does (gRFC A42).
 *
 * <p>Threading: every method runs on the channel's synchronization context, which serializes the
 * core balancer's updates as its contract requires.
 */
public final class SwitchboardGrpcLoadBalancer extends LoadBalancer {
  private final Helper helper;
  private final String service;
  private final CallPolicies policies;
  private final EndpointStatsRegistry stats;
  private final dev.switchboard.balancer.LoadBalancer core;
  private final boolean connectingAreMembers;
  /** Channels over the READY subchannels, by address: what gRPC health v1 probes travel on. */
  private final Map<String, Channel> readyChannels = new ConcurrentHashMap<>();
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private volatile ChannelLink link; // written on the synchronization context, read by pickers
  private EndpointSet lastMembers;
  private Status lastResolutionError;
  private long updates; // address updates accepted, for the channel's DiscoveryStatus
  private long lastUpdateNanos;

  /**
   * @param balancing the balancing policy (its health checks run over this channel's subchannels)
   * @param policies the ticker, timer, telemetry and random of the channel
   * @param link where the pipeline picks from, or null until a call adopts one
   */
  public SwitchboardGrpcLoadBalancer(Helper helper, LoadBalancerPolicy policy, BalancingPolicy balancing,
      CallPolicies policies, ChannelLink link) {
    this.helper = helper;
    this.link = link;
    this.service = link != null && link.name() != null ? link.name() : helper.getAuthority();
    this.policies = policies;
    this.stats = new EndpointStatsRegistry(policies.ticker(), balancing.peakEwmaDecay());
    this.connectingAreMembers = balancing.policy().equals("ring_hash");
    this.core = policy.newBalancer(new BalancerContext(service, stats, policies.ticker(), policies.random(),
        policies.timer(), policies.telemetry(), overSubchannels(balancing)));
  }

  /** Binds a gRPC health v1 checker to this balancer's own connections. */
  private BalancingPolicy overSubchannels(BalancingPolicy options) {
    HealthCheckPolicy health = options.healthCheck().orElse(null);
    if (health == null || !(health.checker() instanceof GrpcHealthChecker grpc)) {
      return options;
    }
    return options.toBuilder()
        .healthCheck(health.toBuilder().checker(grpc.over(e -> readyChannels.get(e.address()))).build())
        .build();
  }

  @Override
  public Status acceptResolvedAddresses(ResolvedAddresses resolved) {
    lastResolutionError = null;
    updates++;
    lastUpdateNanos = policies.ticker().nanoTime();
    Map<String, EquivalentAddressGroup> wanted = new LinkedHashMap<>();
    Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    for (EquivalentAddressGroup group : resolved.getAddresses()) {
      Endpoint e = Addresses.toEndpoint(group);
      wanted.put(e.address(), group);
      endpoints.put(e.address(), e);
    }
    for (var it = entries.entrySet().iterator(); it.hasNext(); ) { // endpoints that left
      var entry = it.next();
      if (!wanted.containsKey(entry.getKey())) {
        entry.getValue().subchannel.shutdown();
        readyChannels.remove(entry.getKey());
        it.remove();
      }
    }
    for (var w : wanted.entrySet()) {
      Entry existing = entries.get(w.getKey());
      if (existing != null) {
        existing.endpoint = endpoints.get(w.getKey()); // weight, zone, metadata may change
        continue;
      }
      Entry created = new Entry(endpoints.get(w.getKey()));
      created.subchannel = helper.createSubchannel(CreateSubchannelArgs.newBuilder()
          .setAddresses(w.getValue())
          .setAttributes(w.getValue().getAttributes())
          .build());
      entries.put(w.getKey(), created);
      created.subchannel.start(state -> onSubchannelState(created, state));
      created.subchannel.requestConnection();
    }
    publish();
    return Status.OK;
  }

  @Override
  public boolean canHandleEmptyAddressListFromNameResolution() {
    return true; // an empty registry is a real state; the view explains it
  }

  private void onSubchannelState(Entry entry, ConnectivityStateInfo state) {
    if (entries.get(entry.endpoint.address()) != entry || state.getState() == ConnectivityState.SHUTDOWN) {
      return; // removed meanwhile
    }
    entry.state = state;
    if (state.getState() == ConnectivityState.READY) {
      entry.failing = false;
      readyChannels.put(entry.endpoint.address(), entry.subchannel.asChannel());
    } else {
      readyChannels.remove(entry.endpoint.address());
      if (state.getState() == ConnectivityState.TRANSIENT_FAILURE) {
        entry.failing = true; // sticky until READY: reconnecting does not make it a member again
        entry.failure = state.getStatus();
      }
    }
    if (state.getState() == ConnectivityState.IDLE) {
      entry.subchannel.requestConnection();
    }
    publish();
  }

  @Override
  public void handleNameResolutionError(Status error) {
    lastResolutionError = error;
    publish(); // keeps the endpoints we have (discovery errors never empty a working channel); states the error
  }

  /** Publishes a new router to grpc-java, the new members to the core balancer, the view to the link. */
  private void publish() {
    List<SubchannelRouter.Route> routes = new ArrayList<>(entries.size());
    List<Endpoint> members = new ArrayList<>(entries.size());
    List<Endpoint> connecting = new ArrayList<>(0);
    boolean anyReady = false;
    boolean anyConnecting = false;
    Status failure = null;
    StringBuilder states = new StringBuilder();
    for (Entry e : entries.values()) {
      ConnectivityState s = e.state.getState();
      ConnectivityState effective = s == ConnectivityState.READY ? s : e.failing ? ConnectivityState.TRANSIENT_FAILURE
          : ConnectivityState.CONNECTING;
      routes.add(new SubchannelRouter.Route(e.endpoint, e.subchannel, effective, e.failure));
      if (states.length() < 300) {
        states.append(states.length() == 0 ? "" : ", ").append(e.endpoint.address()).append(' ').append(effective);
      }
      if (effective == ConnectivityState.READY) {
        anyReady = true;
        members.add(e.endpoint);
      } else if (effective == ConnectivityState.CONNECTING) {
        anyConnecting = true;
        if (connectingAreMembers) {
          members.add(e.endpoint);
          connecting.add(e.endpoint);
        }
      } else {
        failure = e.failure;
      }
    }
    Status error = lastResolutionError;
    BalancerView view = new BalancerView(core, stats, connecting, anyReady || !anyConnecting,
        members.isEmpty() ? unavailable(failure) : null, states.length() == 0 ? "no endpoints" : states.toString(),
        routes, new DiscoveryStatus(service, updates, lastUpdateNanos,
            error == null ? null : error.getCode() + " " + error.getDescription()));
    // The router first: grpc-java must know a new endpoint's subchannel before core can pick it.
    helper.updateBalancingState(anyReady ? ConnectivityState.READY
            : anyConnecting ? ConnectivityState.CONNECTING : ConnectivityState.TRANSIENT_FAILURE,
        new SubchannelRouter(view, routes, this::adopt, anyConnecting, stats, policies.ticker()));
    EndpointSet set = EndpointSet.of(members);
    if (!set.equals(lastMembers)) {
      core.update(set);
      lastMembers = set;
    }
    if (link != null) {
      link.publish(this, view);
    }
  }

  private String unavailable(Status failure) {
    if (entries.isEmpty()) {
      return lastResolutionError != null
          ? "discovery of " + service + " failed: " + lastResolutionError.getCode() + " " + lastResolutionError.getDescription()
          : "discovery returned no endpoints for " + service;
    }
    return "all " + entries.size() + " endpoints of " + service + " are unreachable; last: "
        + (failure == null ? "?" : failure.getCode() + " " + failure.getDescription());
  }

  /** A call came through an interceptor whose link no balancer owns: serve it from now on. */
  private void adopt(ChannelLink candidate) {
    if (link != null) {
      return; // the usual case: a channel made by SwitchboardGrpc.channelBuilder is linked from the start
    }
    helper.getSynchronizationContext().execute(() -> {
      if (link == null) {
        link = candidate;
        publish();
      }
    });
  }

  @Override
  public void requestConnection() {
    for (Entry e : entries.values()) {
      if (e.state.getState() == ConnectivityState.IDLE) {
        e.subchannel.requestConnection();
      }
    }
  }

  @Override
  public void shutdown() {
    for (Entry e : entries.values()) {
      e.subchannel.shutdown();
    }
    entries.clear();
    readyChannels.clear();
    core.close();
    if (link != null) {
      link.release(this);
    }
  }

  /** The per-endpoint statistics this balancer feeds; for tests and diagnostics. */
  public EndpointStatsRegistry stats() {
    return stats;
  }

  private static final class Entry {
    Endpoint endpoint;
    Subchannel subchannel;
    ConnectivityStateInfo state = ConnectivityStateInfo.forNonError(ConnectivityState.IDLE);
    boolean failing;
    Status failure;

    Entry(Endpoint endpoint) {
      this.endpoint = endpoint;
    }
  }
}

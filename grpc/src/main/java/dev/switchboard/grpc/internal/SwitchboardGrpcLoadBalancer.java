package dev.switchboard.grpc.internal;

import dev.switchboard.balancer.BalancerContext;
import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.balancer.EndpointStatsRegistry;
import dev.switchboard.balancer.LoadBalancerPolicy;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.grpc.GrpcErrors;
import dev.switchboard.grpc.GrpcHealthChecker;
import dev.switchboard.health.HealthCheckPolicy;
import dev.switchboard.time.Timer;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The grpc-java {@link LoadBalancer} that runs a Switchboard {@link LoadBalancerPolicy}. It keeps
 * one subchannel per discovered endpoint and feeds the core balancer the endpoints whose
 * subchannels are READY (connected). Everything above the connection is the core balancer's, as
 * on HTTP: active health checks (a {@link GrpcHealthChecker} probes over the endpoint's own
 * subchannel), outlier ejection fed by the stats tracer, the panic threshold, slow start and zones.
 * The core balancer's picker, wrapped in a {@link CorePicker}, chooses per call.
 *
 * <p>Threading: every method runs on the channel's synchronization context, which serializes
 * the core balancer's updates as its contract requires.
 */
public final class SwitchboardGrpcLoadBalancer extends LoadBalancer {
  /** Thread-safe coin flips for production pickers. */
  private static final RandomGenerator RANDOM = new RandomGenerator() {
    @Override
    public long nextLong() {
      return ThreadLocalRandom.current().nextLong();
    }
  };

  private final Helper helper;
  private final String service;
  private final Ticker ticker;
  private final EndpointStatsRegistry stats;
  private final dev.switchboard.balancer.LoadBalancer core;
  /** Channels over the READY subchannels, by address: what gRPC health v1 probes travel on. */
  private final Map<String, Channel> readyChannels = new ConcurrentHashMap<>();
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private EndpointSet lastReady;
  private Status lastResolutionError;

  public SwitchboardGrpcLoadBalancer(Helper helper, LoadBalancerPolicy policy, BalancingPolicy options,
      Ticker ticker, TelemetryListener telemetry, RandomGenerator random) {
    this.helper = helper;
    this.service = helper.getAuthority();
    this.ticker = ticker;
    this.stats = new EndpointStatsRegistry(ticker, options.peakEwmaDecay());
    this.core = policy.newBalancer(new BalancerContext(service, stats, ticker, random == null ? RANDOM : random,
        Timer.system(), telemetry, overSubchannels(options)));
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
    Map<String, EquivalentAddressGroup> wanted = new LinkedHashMap<>();
    Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    for (EquivalentAddressGroup group : resolved.getAddresses()) {
      Endpoint e = Addresses.toEndpoint(group);
      wanted.put(e.address(), group);
      endpoints.put(e.address(), e);
    }
    // Drop subchannels of endpoints that left.
    for (var it = entries.entrySet().iterator(); it.hasNext(); ) {
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
    return true; // an empty registry is a real state; the picker explains it
  }

  private void onSubchannelState(Entry entry, ConnectivityStateInfo state) {
    if (entries.get(entry.endpoint.address()) != entry) {
      return; // removed meanwhile
    }
    if (state.getState() == ConnectivityState.SHUTDOWN) {
      return;
    }
    entry.state = state;
    if (state.getState() == ConnectivityState.READY) {
      readyChannels.put(entry.endpoint.address(), entry.subchannel.asChannel());
    } else {
      readyChannels.remove(entry.endpoint.address());
    }
    if (state.getState() == ConnectivityState.IDLE) {
      entry.subchannel.requestConnection();
    }
    publish();
  }

  @Override
  public void handleNameResolutionError(Status error) {
    lastResolutionError = error;
    if (entries.isEmpty()) {
      helper.updateBalancingState(ConnectivityState.TRANSIENT_FAILURE, new FailingPicker(error));
    }
    // Otherwise keep using the endpoints we have: discovery errors never empty a working channel.
  }

  private void publish() {
    Map<Endpoint, Subchannel> ready = new LinkedHashMap<>();
    List<Endpoint> readyList = new ArrayList<>();
    boolean connecting = false;
    Status failure = null;
    for (Entry e : entries.values()) {
      switch (e.state.getState()) {
        case READY -> {
          ready.put(e.endpoint, e.subchannel);
          readyList.add(e.endpoint);
        }
        case CONNECTING, IDLE -> connecting = true;
        case TRANSIENT_FAILURE -> failure = e.state.getStatus();
        default -> { }
      }
    }
    EndpointSet readySet = EndpointSet.of(readyList);
    if (!readySet.equals(lastReady)) {
      core.update(readySet);
      lastReady = readySet;
    }
    if (!ready.isEmpty()) {
      helper.updateBalancingState(ConnectivityState.READY,
          new CorePicker(service, core, ready, stats, ticker));
    } else if (entries.isEmpty()) {
      Status why = lastResolutionError != null ? lastResolutionError
          : GrpcErrors.toStatus(new RejectedCallException(ErrorKind.NO_ENDPOINTS,
              "discovery returned no endpoints for " + service));
      helper.updateBalancingState(ConnectivityState.TRANSIENT_FAILURE, new FailingPicker(why));
    } else if (connecting) {
      helper.updateBalancingState(ConnectivityState.CONNECTING, new FailingPicker(null));
    } else {
      helper.updateBalancingState(ConnectivityState.TRANSIENT_FAILURE, new FailingPicker(
          GrpcErrors.toStatus(new RejectedCallException(ErrorKind.NO_ENDPOINTS,
              "all " + entries.size() + " endpoints of " + service + " are failing; last: "
                  + (failure == null ? "?" : failure.getCode() + " " + failure.getDescription())))));
    }
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
  }

  /** The per-endpoint statistics this balancer feeds; for tests and diagnostics. */
  public EndpointStatsRegistry stats() {
    return stats;
  }

  private static final class Entry {
    Endpoint endpoint;
    Subchannel subchannel;
    ConnectivityStateInfo state = ConnectivityStateInfo.forNonError(ConnectivityState.IDLE);

    Entry(Endpoint endpoint) {
      this.endpoint = endpoint;
    }
  }

  /** Fails picks with {@code status}, or buffers them (no result) while connecting. */
  private static final class FailingPicker extends SubchannelPicker {
    private final Status status;

    FailingPicker(Status status) {
      this.status = status;
    }

    @Override
    public PickResult pickSubchannel(PickSubchannelArgs args) {
      return status == null ? PickResult.withNoResult() : PickResult.withError(status);
    }
  }
}

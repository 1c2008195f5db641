package dev.switchboard.grpc.internal;

import dev.switchboard.balancer.EndpointStatsRegistry;
import dev.switchboard.balancer.PickContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.TransportException;
import dev.switchboard.grpc.SwitchboardGrpc;
import dev.switchboard.time.Ticker;
import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.LoadBalancer.PickResult;
import io.grpc.LoadBalancer.PickSubchannelArgs;
import io.grpc.LoadBalancer.Subchannel;
import io.grpc.LoadBalancer.SubchannelPicker;
import io.grpc.Status;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The grpc-java picker of a Switchboard channel. It does not choose: an attempt of the call
 * pipeline carries the endpoint core's pick chose ({@link #ENDPOINT}), and the router hands
 * grpc-java that endpoint's subchannel. Only calls the pipeline does not run (client- and
 * bidi-streaming calls, calls through interceptors not linked to this balancer) are picked here,
 * with the same view, and feed the endpoint statistics through a stream tracer.
 *
 * <p>An endpoint whose subchannel is READY gets the subchannel. One still connecting (the owner of
 * a {@code ring_hash} key on a fresh channel) gets no result: grpc-java queues the pick and asks
 * again with the next picker, published on every connectivity change. One that failed to connect
 * (sticky TRANSIENT_FAILURE) or left discovery drops the attempt with a {@code CONNECT_FAILED}
 * that provably sent nothing, so the pipeline retries on the next endpoint at once, even for a
 * call that is not idempotent.
 *
 * <p>Immutable snapshot built on the balancer's synchronization context; {@link #pickSubchannel}
 * runs on any thread and takes no lock.
 */
final class SubchannelRouter extends SubchannelPicker {
  /** The endpoint the pipeline picked for an attempt. */
  static final CallOptions.Key<Endpoint> ENDPOINT = CallOptions.Key.create("switchboard.endpoint");
  /** The link of the interceptor a call came through, so an unlinked balancer can adopt it. */
  static final CallOptions.Key<ChannelLink> LINK = CallOptions.Key.create("switchboard.link");

  /** One endpoint's subchannel and connectivity ({@code failure}: its last connection error, or null). */
  record Route(Endpoint endpoint, Subchannel subchannel, ConnectivityState state, Status failure) {}

  /** A route with its pick results, built once per picker. */
  private record Routed(Route route, PickResult plain, PickResult traced) {}

  private final BalancerView view;
  private final Consumer<ChannelLink> adopt;
  private final boolean connecting;
  private final Map<Endpoint, Routed> byIdentity = new IdentityHashMap<>();
  private final Map<String, Routed> byAddress = new HashMap<>();

  /**
   * @param view what the pipeline picks from, also used for the picks made here
   * @param routes every endpoint of the balancer (READY, CONNECTING or failing)
   * @param adopt called with the link of an unlinked interceptor's call
   * @param connecting true when some member is still connecting: unchosen picks wait rather than fail
   */
  SubchannelRouter(BalancerView view, List<Route> routes, Consumer<ChannelLink> adopt, boolean connecting,
      EndpointStatsRegistry stats, Ticker ticker) {
    this.view = view;
    this.adopt = adopt;
    this.connecting = connecting;
    for (Route r : routes) {
      Routed routed = new Routed(r, PickResult.withSubchannel(r.subchannel()),
          PickResult.withSubchannel(r.subchannel(), new StatsTracerFactory(stats.of(r.endpoint()), ticker)));
      byIdentity.put(r.endpoint(), routed);
      byAddress.put(r.endpoint().address(), routed);
    }
  }

  @Override
  public PickResult pickSubchannel(PickSubchannelArgs args) {
    CallOptions options = args.getCallOptions();
    Endpoint chosen = options.getOption(ENDPOINT);
    if (chosen != null) {
      return routeTo(chosen); // the pipeline picked it and keeps its statistics
    }
    if (options.getOption(ChannelWakeUp.KEY) != null) {
      return ChannelWakeUp.drop(); // it woke the channel up; it never leaves the process
    }
    ChannelLink link = options.getOption(LINK);
    if (link != null) {
      adopt.accept(link);
    }
    String key = options.getOption(SwitchboardGrpc.HASH_KEY);
    chosen = view.pick(key == null ? PickContext.none() : new PickContext(List.of(), key, ""));
    if (chosen == null) {
      return connecting ? PickResult.withNoResult()
          : PickResult.withError(Status.UNAVAILABLE.withDescription(view.describeUnavailable()));
    }
    Routed routed = routed(chosen);
    return routed != null && routed.route().state() == ConnectivityState.READY ? routed.traced()
        : PickResult.withNoResult(); // a connecting key owner, or a picker newer than this snapshot
  }

  private PickResult routeTo(Endpoint endpoint) {
    Routed routed = routed(endpoint);
    if (routed == null) {
      return unreachable(endpoint, "is no longer an endpoint of this channel");
    }
    Route route = routed.route();
    return switch (route.state()) {
      case READY -> routed.plain();
      case CONNECTING, IDLE -> PickResult.withNoResult(); // asked again when it connects or fails
      default -> unreachable(endpoint, "cannot be reached: " + (route.failure() == null ? route.state()
          : route.failure().getCode() + " " + route.failure().getDescription()));
    };
  }

  private Routed routed(Endpoint endpoint) {
    Routed routed = byIdentity.get(endpoint);
    return routed != null ? routed : byAddress.get(endpoint.address());
  }

  /** Drops the attempt (even a wait-for-ready one) with a failure that provably sent nothing. */
  private static PickResult unreachable(Endpoint endpoint, String why) {
    String message = endpoint.address() + " " + why;
    return PickResult.withDrop(Status.UNAVAILABLE.withDescription(message)
        .withCause(new TransportException(ErrorKind.CONNECT_FAILED, message, true, null)));
  }

  @Override
  public String toString() {
    return "SubchannelRouter[" + byAddress.keySet() + "]";
  }
}

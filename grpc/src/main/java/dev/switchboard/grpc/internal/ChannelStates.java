package dev.switchboard.grpc.internal;

import dev.switchboard.balancer.EndpointStatsRegistry;
import dev.switchboard.balancer.LoadBalancer;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.telemetry.EndpointState;
import io.grpc.ConnectivityState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoints of a channel as its live state lists them ({@code DestinationState.endpoints()}):
 * every endpoint discovery named, not only the connected ones the core balancer picks from. A
 * member (READY, or for {@code ring_hash} connecting) is described by the core balancer (health,
 * ejection) with its statistics; an endpoint whose subchannel is not READY cannot take calls, so it
 * is listed as unhealthy with the reason ({@code ejectionReason} stays empty: it is not ejected).
 *
 * <p>Stateless; called off the hot path (admin page, gauges), it may take the core balancer's lock.
 */
final class ChannelStates {
  private ChannelStates() {}

  static List<EndpointState> of(LoadBalancer core, EndpointStatsRegistry stats, List<SubchannelRouter.Route> routes,
      long nowNanos) {
    Map<String, EndpointState> tracked = new HashMap<>();
    for (EndpointState s : core.endpointStates()) {
      tracked.put(s.address(), s);
    }
    List<EndpointState> out = new ArrayList<>(routes.size());
    for (SubchannelRouter.Route r : routes) {
      Endpoint e = r.endpoint();
      EndpointState known = tracked.get(e.address());
      boolean ready = r.state() == ConnectivityState.READY;
      if (known != null && ready) {
        out.add(known);
      } else {
        // A balancer without health tracking lists nobody: a READY endpoint is then healthy.
        out.add(stats.of(e).snapshot(e, nowNanos, ready, false, 0, ""));
      }
    }
    return out;
  }
}

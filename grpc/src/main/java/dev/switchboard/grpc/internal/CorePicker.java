package dev.switchboard.grpc.internal;

import dev.switchboard.balancer.EndpointStatsRegistry;
import dev.switchboard.balancer.LoadBalancer;
import dev.switchboard.balancer.PickContext;
import dev.switchboard.balancer.Picker;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.grpc.GrpcErrors;
import dev.switchboard.grpc.SwitchboardGrpc;
import dev.switchboard.time.Ticker;
import io.grpc.LoadBalancer.PickResult;
import io.grpc.LoadBalancer.PickSubchannelArgs;
import io.grpc.LoadBalancer.Subchannel;
import io.grpc.LoadBalancer.SubchannelPicker;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A grpc-java {@link SubchannelPicker} that asks Switchboard's core {@link Picker} which endpoint to
 * use, then hands grpc-java that endpoint's ready subchannel with a tracer that feeds its
 * statistics. Exclusions (endpoints this call already tried) and the affinity key come from the
 * call options, so retries and hedges land on distinct replicas.
 *
 * <p>Immutable snapshot built on the balancer's synchronization context; {@link #pickSubchannel}
 * runs on any thread, takes no lock and allocates only the pick result.
 */
final class CorePicker extends SubchannelPicker {
  /** Drops a hedge that has no unused endpoint; recognized by {@link AttemptInfo#isHedgeNotSent}. */
  private static final PickResult NO_UNUSED_ENDPOINT = PickResult.withDrop(
      io.grpc.Status.UNAVAILABLE.withDescription("no unused endpoint for a hedge").withCause(AttemptInfo.HEDGE_NOT_SENT));

  private final String service;
  private final LoadBalancer core;
  private final Map<Endpoint, PickResult> byIdentity = new IdentityHashMap<>();
  private final Map<String, PickResult> byAddress = new HashMap<>();

  CorePicker(String service, LoadBalancer core, Map<Endpoint, Subchannel> ready,
      EndpointStatsRegistry stats, Ticker ticker) {
    this.service = service;
    this.core = core;
    ready.forEach((endpoint, subchannel) -> {
      PickResult result = PickResult.withSubchannel(subchannel,
          new StatsTracerFactory(stats.of(endpoint), ticker));
      byIdentity.put(endpoint, result);
      byAddress.put(endpoint.address(), result);
    });
  }

  @Override
  public PickResult pickSubchannel(PickSubchannelArgs args) {
    AttemptInfo attempt = args.getCallOptions().getOption(AttemptInfo.KEY);
    String hashKey = args.getCallOptions().getOption(SwitchboardGrpc.HASH_KEY);
    List<Endpoint> excluded = attempt == null ? List.of() : attempt.excluded();
    Picker picker = core.picker(); // volatile read: sees ejections and slow-start ramps at once
    PickContext context = excluded.isEmpty() && hashKey == null
        ? PickContext.none() : new PickContext(excluded, hashKey, "");
    Endpoint chosen = picker.pick(context);
    if (chosen == null && !excluded.isEmpty()) {
      if (attempt.hedge()) {
        // A hedge on a replica this call already used helps nobody: it is not sent (as on HTTP),
        // and the attempts engine returns its budget token.
        return NO_UNUSED_ENDPOINT;
      }
      // A retry when every replica was tried already: reuse one rather than fail (as on HTTP).
      chosen = picker.pick(new PickContext(List.of(), hashKey, ""));
    }
    if (chosen == null) {
      return PickResult.withError(GrpcErrors.toStatus(new RejectedCallException(ErrorKind.NO_ENDPOINTS,
          "no endpoint available for " + service + ": " + picker.describeUnavailable())));
    }
    PickResult result = byIdentity.get(chosen);
    if (result == null) {
      result = byAddress.get(chosen.address());
      if (result == null) {
        // The core picker is newer than this snapshot; grpc-java repicks with the next one.
        return PickResult.withNoResult();
      }
    }
    if (attempt != null) {
      attempt.picked(chosen);
    }
    return result;
  }

  @Override
  public String toString() {
    return "CorePicker[" + service + ", ready=" + byAddress.keySet() + "]";
  }
}

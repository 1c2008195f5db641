package dev.switchboard.grpc.internal;

import dev.switchboard.balancer.EndpointStatsRegistry;
import dev.switchboard.balancer.Picker;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.pipeline.Endpoints;
import dev.switchboard.policy.CallPolicies;
import dev.switchboard.spi.SharedExecutor;
import dev.switchboard.telemetry.DiscoveryStatus;
import dev.switchboard.telemetry.EndpointState;
import io.grpc.Channel;
import io.grpc.NameResolver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a channel's client interceptor meets the Switchboard load balancer grpc-java creates for
 * that channel: the {@link Endpoints} of the interceptor's call pipeline. grpc-java builds the
 * balancer itself (through the {@code LoadBalancerProvider}, from the service config), so the two
 * find each other through this object: the service config carries its reference
 * ({@link ChannelConfigs}), the balancer {@linkplain #publish publishes} every new state here, and
 * the pipeline picks from the latest one.
 *
 * <ul>
 *   <li><b>Not ready</b> (no balancer yet, or no endpoint connected while some are connecting: a
 *       fresh channel, or every connection dropped at once): attempts wait, at most
 *       {@link #readyTimeout()}, as they wait for discovery on HTTP. Once every endpoint has failed
 *       to connect, or discovery failed before naming any ({@link #resolutionFailed}), they fail
 *       at once with {@code NO_ENDPOINTS} saying why.
 *   <li><b>No Switchboard balancer at all</b> (interceptors on a channel whose service config does
 *       not reference this link, or a plain channel): when nothing {@linkplain #expectBalancer
 *       announced} one, calls do not wait; they go to the channel as one endpoint (its authority)
 *       and the channel's own balancer picks, until a Switchboard balancer that sees one of those
 *       calls adopts this link. Exclusion of tried replicas then cannot apply.
 * </ul>
 *
 * <p>One balancer owns a link; should a second channel share it, the first keeps it until it shuts
 * down. <b>Threading:</b> thread-safe; {@link #picker()} and {@link #stats()} are volatile reads.
 */
public final class ChannelLink implements Endpoints {
  /** How a channel hands its link to Switchboard's name resolver ({@code setNameResolverArg}). */
  public static final NameResolver.Args.Key<ChannelLink> RESOLVER_ARG = NameResolver.Args.Key.create("switchboard.link");
  private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

  private final String name; // null: the channel's authority names it
  private final CallPolicies policies;
  private final Duration readyTimeout;
  private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
  private final AtomicReference<Object> owner = new AtomicReference<>();
  private volatile BalancerView view;
  private volatile BalancerView lastPublished; // kept while the channel idles, for introspection
  private volatile boolean expectBalancer;
  private volatile BalancerView unbalanced;
  private volatile Channel channel;
  private volatile String target; // for DiscoveryStatus; null: the balancer's service name
  private final ChannelWakeUp wakeUp = new ChannelWakeUp();

  /**
   * @param name the destination's name, or null to use the channel's authority
   * @param policies balancing, ticker, timer, telemetry and random for the channel's balancer
   * @param readyTimeout how long attempts wait for the first connection
   */
  public ChannelLink(String name, CallPolicies policies, Duration readyTimeout) {
    this.name = name;
    this.policies = Objects.requireNonNull(policies, "policies");
    this.readyTimeout = Objects.requireNonNull(readyTimeout, "readyTimeout");
  }

  /** The destination's name, or null when the channel's authority names it. */
  public String name() {
    return name;
  }

  /** What the channel's balancer runs with. */
  public CallPolicies policies() {
    return policies;
  }

  /** The discovery target of the channel, as its {@link #discoveryStatus()} names it. */
  public void target(String target) {
    this.target = target;
  }

  /** Says a Switchboard balancer will adopt this link (its service config carries the reference). */
  public void expectBalancer() {
    expectBalancer = true;
  }

  /**
   * Called on every call with the channel it goes to: the channel to wake while attempts wait
   * ({@link ChannelWakeUp}), and its authority, which names the one-endpoint view used while no
   * Switchboard balancer owns the link.
   */
  public void noteChannel(Channel next) {
    if (unbalanced == null) {
      channel = next;
      unbalanced = BalancerView.wholeChannel(ChannelEndpoint.of(next.authority()),
          new EndpointStatsRegistry(policies.ticker(), EndpointStatsRegistry.DEFAULT_EWMA_DECAY));
    }
  }

  /** True when {@code endpoint} stands for the whole channel: the channel's own balancer picks. */
  boolean isChannelEndpoint(Endpoint endpoint) {
    BalancerView u = unbalanced;
    return u != null && u.isWholeChannel(endpoint);
  }

  @Override
  public Picker picker() {
    BalancerView v = view;
    return v != null ? v : unbalancedView();
  }

  @Override
  public EndpointStatsRegistry stats() {
    BalancerView v = view;
    return v != null ? v.stats() : unbalancedView().stats();
  }

  private BalancerView unbalancedView() {
    BalancerView u = unbalanced;
    return u != null ? u : BalancerView.wholeChannel(ChannelEndpoint.of(name == null ? "grpc" : name),
        new EndpointStatsRegistry(policies.ticker(), EndpointStatsRegistry.DEFAULT_EWMA_DECAY));
  }

  /**
   * Every endpoint discovery named, with its connectivity, health and statistics (see
   * {@link ChannelStates}), as the channel's balancer last published them (also while the channel
   * idles); empty before any did. Off the hot path.
   */
  @Override
  public List<EndpointState> endpointStates() {
    BalancerView v = lastPublished;
    if (v == null) {
      BalancerView u = unbalanced;
      return expectBalancer || u == null ? List.of() : u.endpointStates(policies.ticker().nanoTime());
    }
    return v.endpointStates(policies.ticker().nanoTime());
  }

  /** What the channel's discovery last did, as its balancer saw it (updates, last error). */
  @Override
  public DiscoveryStatus discoveryStatus() {
    BalancerView v = lastPublished;
    DiscoveryStatus d = v == null ? DiscoveryStatus.UNKNOWN : v.discovery();
    String t = target;
    return t == null || t.equals(d.target()) ? d : new DiscoveryStatus(t, d.updates(), d.lastUpdateNanos(), d.lastError());
  }

  @Override
  public CompletableFuture<Void> ready() {
    if (!expectBalancer && view == null) {
      return NOW;
    }
    CompletableFuture<Void> r = ready;
    if (!r.isDone() && owner.get() == null) { // the channel may be idle: no balancer until a call starts
      wakeUp.wake(channel, readyTimeout, status -> resolutionFailed("the channel did not start: "
          + status.getCode() + (status.getDescription() == null ? "" : " " + status.getDescription())));
    }
    return r;
  }

  @Override
  public Duration readyTimeout() {
    return readyTimeout;
  }

  @Override
  public RejectedCallException notReadyError() {
    BalancerView v = view;
    String who = name == null ? "the channel" : name;
    return new RejectedCallException(ErrorKind.NO_ENDPOINTS, v == null
        ? "no Switchboard load balancer took over " + who + " within " + readyTimeout.toMillis()
            + " ms: discovery has not answered (or the channel's service config is not SwitchboardGrpc.serviceConfig)"
        : "no endpoint of " + who + " connected within " + readyTimeout.toMillis() + " ms: " + v.states());
  }

  /**
   * The balancer {@code balancer} publishes its new state. The first balancer to publish owns the
   * link; others are ignored until it {@linkplain #release releases} it. Runs on that channel's
   * synchronization context; waiting attempts are released on another thread, never on it.
   */
  void publish(Object balancer, BalancerView state) {
    if (owner.get() != balancer && !owner.compareAndSet(null, balancer)) {
      return;
    }
    view = state;
    lastPublished = state;
    settle(state.settled());
  }

  /**
   * Opens the gate for waiting attempts (on another thread: their continuations must not run on
   * the channel's synchronization context) or, when the channel is no longer ready, closes it for
   * the next ones.
   */
  private void settle(boolean settled) {
    CompletableFuture<Void> current = ready;
    if (settled) {
      if (!current.isDone()) {
        SharedExecutor.get().execute(() -> current.complete(null));
      }
    } else if (current.isDone()) {
      ready = new CompletableFuture<>();
    }
  }

  /** The balancer {@code balancer} shut down: another may own the link now. */
  void release(Object balancer) {
    if (owner.compareAndSet(balancer, null)) {
      view = null;
      settle(false); // an idle channel shuts its balancer down: the next call wakes it again
    }
  }

  /** Discovery failed before naming any endpoint: waiting attempts fail now, naming why. */
  void resolutionFailed(String why) {
    if (owner.get() == null && (view == null || view.settled())) {
      publishUnowned(BalancerView.failed(why,
          new EndpointStatsRegistry(policies.ticker(), EndpointStatsRegistry.DEFAULT_EWMA_DECAY)));
    }
  }

  private void publishUnowned(BalancerView failed) {
    view = failed;
    lastPublished = failed;
    settle(true);
  }

  @Override
  public String toString() {
    return "ChannelLink[" + (name == null ? "unnamed" : name) + (owner.get() == null ? ", no balancer" : "") + "]";
  }

  /** The endpoint standing for a whole channel, from its authority ({@code host[:port]}). */
  static final class ChannelEndpoint {
    private ChannelEndpoint() {}

    static Endpoint of(String authority) {
      String host = authority;
      int port = 443; // grpc's default port: the authority names none
      int colon = authority.lastIndexOf(':');
      if (colon > 0 && colon > authority.lastIndexOf(']')) {
        try {
          port = Integer.parseInt(authority.substring(colon + 1));
          host = authority.substring(0, colon);
        } catch (NumberFormatException notAPort) {
          // keep the whole authority as the host
        }
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (port < 1 || port > 65535 || host.isBlank()) {
        host = host.isBlank() ? "channel" : host;
        port = 443;
      }
      return new Endpoint(host, port, Endpoint.DEFAULT_WEIGHT, "", Map.of());
    }
  }
}

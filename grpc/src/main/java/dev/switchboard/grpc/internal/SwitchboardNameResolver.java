package dev.switchboard.grpc.internal;

import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.EndpointListener;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.endpoint.EndpointSet;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.SynchronizationContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A grpc-java {@link NameResolver} backed by a Switchboard {@link EndpointSource}. Discovery pushes
 * endpoint sets; each becomes a {@code Listener2.onResult2} call on the channel's synchronization
 * context. A discovery error while a set is known changes nothing (the source keeps the last good
 * set and retries by itself); an error before the first set is reported so that RPCs fail with
 * {@code UNAVAILABLE} instead of hanging.
 *
 * <p>Threading: {@link #start} and {@link #shutdown} run on the channel's synchronization context;
 * discovery callbacks come from discovery threads and are handed to that context.
 */
public final class SwitchboardNameResolver extends NameResolver {
  private static final Logger log = LoggerFactory.getLogger(SwitchboardNameResolver.class);

  private final DiscoveryTarget target;
  private final EndpointSource source;
  private final SynchronizationContext syncContext;
  private final String authority;
  private final ChannelLink link;
  private AutoCloseable subscription;
  private Listener2 listener;
  private boolean haveAddresses;
  private boolean shutdown;

  /**
   * Takes ownership of {@code source}: {@link #shutdown()} closes it.
   *
   * @param link the channel's link, told when discovery fails before its first answer; or null
   */
  public SwitchboardNameResolver(EndpointSource source, SynchronizationContext syncContext,
      String overrideAuthority, ChannelLink link) {
    this.source = source;
    this.link = link;
    this.target = source.target();
    this.syncContext = syncContext;
    this.authority = overrideAuthority != null ? overrideAuthority : defaultAuthority(target);
  }

  @Override
  public String getServiceAuthority() {
    return authority;
  }

  @Override
  public void start(Listener2 listener) {
    this.listener = listener;
    this.subscription = source.subscribe(new EndpointListener() {
      @Override
      public void onUpdate(EndpointSet endpoints) {
        syncContext.execute(() -> deliver(endpoints));
      }

      @Override
      public void onError(Throwable error) {
        syncContext.execute(() -> deliverError(error));
      }
    });
  }

  private void deliver(EndpointSet endpoints) {
    if (shutdown) {
      return;
    }
    List<io.grpc.EquivalentAddressGroup> groups;
    try {
      groups = Addresses.toGroups(endpoints);
    } catch (RuntimeException e) {
      deliverError(e);
      return;
    }
    ResolutionResult result = ResolutionResult.newBuilder()
        .setAddressesOrError(StatusOr.fromValue(groups))
        .build();
    Status accepted = listener.onResult2(result);
    haveAddresses = true;
    if (!accepted.isOk()) {
      log.debug("channel did not accept {} from {}: {}", endpoints, target, accepted);
    }
  }

  private void deliverError(Throwable error) {
    if (shutdown) {
      return;
    }
    if (haveAddresses) {
      // Keep the last known addresses: the channel keeps using them, discovery retries.
      log.debug("discovery of {} failed; keeping last known addresses", target, error);
      return;
    }
    String why = "discovery of \"" + target.raw() + "\" failed: " + error;
    if (link != null) {
      link.resolutionFailed(why); // calls waiting in its pipeline fail now, not after their timeout
    }
    listener.onError(Status.UNAVAILABLE.withDescription(why).withCause(error));
  }

  @Override
  public void refresh() {
    // Sources push updates and retry on their own; nothing to poll.
  }

  @Override
  public void shutdown() {
    shutdown = true;
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.debug("closing subscription of {}", target, e);
      }
    }
    source.close();
  }

  /** The authority: the target's name up to the first comma, e.g. {@code users} for {@code zk://h:2181/users}. */
  static String defaultAuthority(DiscoveryTarget target) {
    String name = target.name();
    int comma = name.indexOf(',');
    name = comma < 0 ? name : name.substring(0, comma);
    int semi = name.indexOf(';');
    name = semi < 0 ? name : name.substring(0, semi);
    name = name.replace('/', '.');
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == ':'
          || c == '[' || c == ']';
      sb.append(ok && c < 0x80 ? c : '-');
    }
    String s = sb.toString();
    while (s.startsWith(".")) {
      s = s.substring(1);
    }
    return s.isEmpty() ? target.scheme().replace('+', '-') : s;
  }

  @Override
  public String toString() {
    return "SwitchboardNameResolver[" + target + "]";
  }
}

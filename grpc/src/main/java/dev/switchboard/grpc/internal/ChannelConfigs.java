package dev.switchboard.grpc.internal;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands Java objects to the load balancer, which grpc-java only configures through JSON-like
 * service config maps (strings, numbers, maps, lists): a {@link ChannelLink} (the channel's
 * policies, and where its pipeline picks) is registered here under a string id, and the service
 * config carries the id ({@code {"switchboard_peak_ewma": {"optionsRef": "3"}}}).
 *
 * <p>Entries are held weakly: a link lives as long as the interceptor or options that made it (and
 * so the channel using it), and a channel built with a reference whose link is gone fails with
 * "unknown optionsRef". Thread-safe.
 */
public final class ChannelConfigs {
  private static final Map<String, Ref> ENTRIES = new ConcurrentHashMap<>();
  private static final ReferenceQueue<ChannelLink> GONE = new ReferenceQueue<>();
  private static final AtomicLong IDS = new AtomicLong();

  private ChannelConfigs() {}

  /** Registers {@code link} and returns its reference. */
  public static String register(ChannelLink link) {
    for (Object gone; (gone = GONE.poll()) != null; ) {
      ENTRIES.remove(((Ref) gone).id);
    }
    String id = Long.toString(IDS.incrementAndGet());
    ENTRIES.put(id, new Ref(id, link));
    return id;
  }

  /** The link for {@code ref}, or null when unknown (or collected with its channel). */
  public static ChannelLink lookup(String ref) {
    Ref r = ENTRIES.get(ref);
    return r == null ? null : r.get();
  }

  private static final class Ref extends WeakReference<ChannelLink> {
    final String id;

    Ref(String id, ChannelLink link) {
      super(link, GONE);
      this.id = id;
    }
  }
}

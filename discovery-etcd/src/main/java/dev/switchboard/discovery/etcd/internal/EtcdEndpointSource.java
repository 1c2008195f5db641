package dev.switchboard.discovery.etcd.internal;

import dev.switchboard.discovery.AbstractEndpointSource;
import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.SharedClients;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.time.Timer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Lists the keys under the prefix, then watches from the listed revision + 1, so no change falls
 * between the two. Every applied event advances {@code revision}.
 *
 * <p>Failures come in two kinds ({@link EtcdFailures}), and only one of them waits:
 *
 * <ul>
 *   <li><b>etcd unreachable</b> (connection refused or dropped, timeouts, no leader): the last set
 *       stays, the error is reported, and a small read probes etcd with exponential backoff from
 *       the environment's minimum, capped at {@link #reconnectCap()} (at most 1 s) so a
 *       reconnection is noticed within about a second. Each probe first cuts gRPC's own reconnect
 *       backoff short ({@link EtcdChannels}). The first probe that succeeds resumes the watch from
 *       {@code revision + 1}, so no update is lost across the outage.
 *   <li><b>an answer from a reachable server</b>, above all "required revision has been
 *       compacted" when etcd compacted past {@code revision} while we were away: the source lists
 *       again <em>at once</em>. Only if such errors repeat before a probe interval passes quietly
 *       does it back off (from the environment's minimum), so a server that keeps refusing cannot
 *       spin it. Backoff built up while etcd was unreachable never delays this.
 * </ul>
 *
 * <p>While the watch is quiet the probe also runs every {@code probeInterval}, because a watch
 * stream says nothing while etcd is unreachable.
 *
 * <p><b>Threading:</b> jetcd calls back on its own threads; all state is guarded by this object,
 * and callbacks of a replaced watcher are ignored (each watcher has a generation). Publishing is
 * serialized by the base class.
 */
public final class EtcdEndpointSource extends AbstractEndpointSource {
  /** The longest wait between probes while etcd is unreachable. */
  static final Duration MAX_RECONNECT_PROBE = Duration.ofSeconds(1);

  private final EtcdTarget etcd;
  private final SharedClients.Lease<Client> client;
  private final ByteSequence prefix;
  private final TreeMap<String, Endpoint> byKey = new TreeMap<>(); // guarded by this
  private long revision; // guarded by this: last revision applied
  private Watch.Watcher watcher; // guarded by this
  private int generation; // guarded by this: of the current watcher
  private Timer.Timeout relist; // guarded by this: a delayed list after repeated server errors
  private Timer.Timeout probe; // guarded by this
  private boolean listed; // guarded by this: a list succeeded, so revision means something
  private boolean listing; // guarded by this: a list is in flight
  private boolean unreachable; // guarded by this
  private int failedProbes; // guarded by this: consecutive, while unreachable
  private int serverErrors; // guarded by this: answered errors since a quiet probe interval
  private boolean serverErrorSinceProbe; // guarded by this

  /** Opens and starts listing. */
  public EtcdEndpointSource(DiscoveryTarget target, DiscoveryEnvironment environment, EtcdTarget etcd) {
    super(target, environment);
    this.etcd = etcd;
    this.client = EtcdClients.acquire(etcd.endpoints());
    this.prefix = bytes(etcd.prefix());
    synchronized (this) {
      list();
      scheduleProbe(etcd.probeInterval());
    }
  }

  /** The probe's backoff cap while etcd is unreachable: the probe interval, at most 1 s. */
  Duration reconnectCap() {
    return etcd.probeInterval().compareTo(MAX_RECONNECT_PROBE) < 0 ? etcd.probeInterval() : MAX_RECONNECT_PROBE;
  }

  private synchronized void list() {
    if (isClosed() || listing) {
      return;
    }
    listing = true;
    cancelRelist();
    client.client().getKVClient().get(prefix, GetOption.builder().isPrefix(true).build())
        .orTimeout(Math.max(1, etcd.probeInterval().toMillis()), TimeUnit.MILLISECONDS)
        .whenComplete(this::onListed);
  }

  private synchronized void onListed(GetResponse response, Throwable error) {
    listing = false;
    if (isClosed()) {
      return;
    }
    if (error != null) {
      if (EtcdFailures.unreachable(error)) {
        becameUnreachable(error); // the first successful probe lists again
      } else {
        serverError(error);
      }
      return;
    }
    byKey.clear();
    for (KeyValue kv : response.getKvs()) {
      put(kv);
    }
    revision = response.getHeader().getRevision();
    listed = true;
    unreachable = false; // an answer: the probe need not resume anything
    failedProbes = 0;
    publish(EndpointSet.of(byKey.values()));
    watchFrom(revision + 1);
  }

  private void watchFrom(long startRevision) {
    if (watcher != null) {
      watcher.close();
    }
    int g = ++generation;
    WatchOption option = WatchOption.builder().isPrefix(true).withRevision(startRevision).build();
    watcher = client.client().getWatchClient().watch(prefix, option,
        Watch.listener(response -> onEvents(g, response), error -> onWatchError(g, error)));
  }

  private synchronized void onWatchError(int g, Throwable error) {
    if (isClosed() || g != generation) {
      return; // a watcher we replaced
    }
    if (EtcdFailures.unreachable(error)) {
      // jetcd retries this watcher by itself; the probe resumes it too once etcd answers
      becameUnreachable(error);
    } else {
      // e.g. the resume revision was compacted: what we hold may be stale, so list again now
      serverError(error);
    }
  }

  private synchronized void onEvents(int g, WatchResponse response) {
    if (isClosed() || g != generation) {
      return;
    }
    boolean changed = false;
    long applied = revision; // one revision may delete many keys: its events share a mod revision
    for (WatchEvent e : response.getEvents()) {
      KeyValue kv = e.getKeyValue();
      if (kv.getModRevision() <= applied) {
        continue; // already applied (a resumed watch may repeat events)
      }
      revision = Math.max(revision, kv.getModRevision());
      changed = true;
      if (e.getEventType() == WatchEvent.EventType.PUT) {
        put(kv);
      } else if (e.getEventType() == WatchEvent.EventType.DELETE) {
        byKey.remove(kv.getKey().toString(StandardCharsets.UTF_8));
      }
    }
    if (changed) {
      publish(EndpointSet.of(byKey.values()));
    }
  }

  private void put(KeyValue kv) {
    String key = kv.getKey().toString(StandardCharsets.UTF_8);
    try {
      byKey.put(key, EndpointJson.parse(kv.getValue().getBytes()));
    } catch (EndpointJson.BadEntryException bad) {
      byKey.remove(key);
      warnSkipped(key, bad.getMessage());
    }
  }

  private void becameUnreachable(Throwable error) {
    publishError(EtcdFailures.unwrap(error));
    if (!unreachable) {
      unreachable = true;
      failedProbes = 0;
      scheduleProbe(retryDelay(1)); // probe soon rather than at the next quiet-interval check
    }
  }

  private void serverError(Throwable error) {
    publishError(EtcdFailures.unwrap(error));
    serverErrors++;
    serverErrorSinceProbe = true;
    if (serverErrors == 1) {
      list();
    } else {
      cancelRelist();
      relist = schedule(this::list, retryDelay(serverErrors - 1));
    }
  }

  /** A cheap read. Failure means etcd is unreachable; recovery resumes the watch or lists. */
  private void probe() {
    synchronized (this) {
      if (isClosed()) {
        return;
      }
      if (unreachable) {
        EtcdChannels.resetConnectBackoff(client.client());
      }
    }
    client.client().getKVClient().get(prefix, GetOption.builder().isPrefix(true).withCountOnly(true).build())
        .orTimeout(Math.max(1, etcd.probeInterval().toMillis()), TimeUnit.MILLISECONDS)
        .whenComplete((response, error) -> onProbe(error));
  }

  private synchronized void onProbe(Throwable error) {
    if (isClosed()) {
      return;
    }
    if (error != null) {
      publishError(EtcdFailures.unwrap(error));
      unreachable = true;
      failedProbes++;
      Duration backoff = retryDelay(failedProbes);
      scheduleProbe(backoff.compareTo(reconnectCap()) < 0 ? backoff : reconnectCap());
      return;
    }
    if (!serverErrorSinceProbe) {
      serverErrors = 0; // a quiet interval: the next answered error lists at once again
    }
    serverErrorSinceProbe = false;
    if (unreachable) {
      unreachable = false;
      failedProbes = 0;
      if (!listed) {
        list();
      } else if (!listing) {
        watchFrom(revision + 1);
        publish(EndpointSet.of(byKey.values())); // same set: clears the error, notifies nobody
      }
    }
    scheduleProbe(etcd.probeInterval());
  }

  private void scheduleProbe(Duration delay) {
    if (probe != null) {
      probe.cancel();
    }
    probe = schedule(this::probe, delay);
  }

  private void cancelRelist() {
    if (relist != null) {
      relist.cancel();
      relist = null;
    }
  }

  private Timer.Timeout schedule(Runnable task, Duration delay) {
    return environment.timer().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Override
  protected void doClose() {
    synchronized (this) {
      if (probe != null) {
        probe.cancel();
      }
      cancelRelist();
      if (watcher != null) {
        watcher.close();
      }
    }
    client.close();
  }
}

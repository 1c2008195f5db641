package dev.switchboard.discovery.etcd.internal;

import dev.switchboard.discovery.SharedClients;
import dev.switchboard.discovery.AbstractEndpointSource;
import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.time.Timer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Lists the keys under the prefix, then watches from the listed revision + 1, so no change falls
 * between the two. Every applied event advances {@code revision}; after a connection problem the
 * watch is re-created from {@code revision + 1} (revision resume), so no update is lost across a
 * reconnect. If etcd compacted that revision away, the watch fails and the source lists again.
 *
 * <p>A watch stream says nothing while etcd is unreachable, so a small read every
 * {@code probeInterval} detects it: the error is reported and the last set stays.
 *
 * <p><b>Threading:</b> jetcd calls back on its own threads; state is guarded by this object and
 * publishing is serialized by the base class.
 */
public final class EtcdEndpointSource extends AbstractEndpointSource {
  private final EtcdTarget etcd;
  private final SharedClients.Lease<io.etcd.jetcd.Client> client;
  private final ByteSequence prefix;
  private final TreeMap<String, Endpoint> byKey = new TreeMap<>(); // guarded by this
  private long revision; // guarded by this: last revision applied
  private Watch.Watcher watcher; // guarded by this
  private Timer.Timeout pending; // guarded by this: next list or watch attempt
  private volatile Timer.Timeout probe;
  private boolean listed; // guarded by this
  private boolean unhealthy; // guarded by this
  private int failures; // guarded by this

  /** Opens and starts listing. */
  public EtcdEndpointSource(DiscoveryTarget target, DiscoveryEnvironment environment, EtcdTarget etcd) {
    super(target, environment);
    this.etcd = etcd;
    this.client = EtcdClients.acquire(etcd.endpoints());
    this.prefix = bytes(etcd.prefix());
    list();
    scheduleProbe();
  }

  /** The next probe, one interval after this one started (the timer runs each task once). */
  private void scheduleProbe() {
    probe = environment.timer().schedule(() -> {
      if (!isClosed()) {
        probe();
        scheduleProbe();
      }
    }, etcd.probeInterval().toNanos(), TimeUnit.NANOSECONDS);
  }

  private void list() {
    if (isClosed()) {
      return;
    }
    client.client().getKVClient().get(prefix, GetOption.builder().isPrefix(true).build())
        .orTimeout(Math.max(1, etcd.probeInterval().toMillis()), TimeUnit.MILLISECONDS)
        .whenComplete((response, error) -> {
          synchronized (this) {
            if (isClosed()) {
              return;
            }
            if (error != null) {
              failed(error, this::list);
              return;
            }
            byKey.clear();
            for (KeyValue kv : response.getKvs()) {
              put(kv);
            }
            revision = response.getHeader().getRevision();
            listed = true;
            failures = 0;
            unhealthy = false;
            publish(EndpointSet.of(byKey.values()));
            watchFrom(revision + 1);
          }
        });
  }

  private synchronized void watchFrom(long startRevision) {
    if (watcher != null) {
      watcher.close();
    }
    WatchOption option = WatchOption.builder().isPrefix(true).withRevision(startRevision).build();
    watcher = client.client().getWatchClient().watch(prefix, option, Watch.listener(
        this::onEvents,
        error -> {
          synchronized (this) {
            if (!isClosed()) {
              // e.g. the resume revision was compacted: list again rather than guess
              failed(error, this::list);
            }
          }
        }));
  }

  private void onEvents(WatchResponse response) {
    synchronized (this) {
      if (isClosed()) {
        return;
      }
      boolean changed = false;
      for (WatchEvent e : response.getEvents()) {
        KeyValue kv = e.getKeyValue();
        if (kv.getModRevision() <= revision) {
          continue; // already applied (a resumed watch may repeat events)
        }
        revision = kv.getModRevision();
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

  /** A cheap read; failure means etcd is unreachable, recovery resumes the watch from revision + 1. */
  private void probe() {
    client.client().getKVClient().get(prefix, GetOption.builder().isPrefix(true).withCountOnly(true).build())
        .orTimeout(Math.max(1, etcd.probeInterval().toMillis()), TimeUnit.MILLISECONDS)
        .whenComplete((response, error) -> {
          synchronized (this) {
            if (isClosed()) {
              return;
            }
            if (error != null) {
              unhealthy = true;
              publishError(unwrap(error));
            } else if (unhealthy && listed) {
              unhealthy = false;
              watchFrom(revision + 1);
              publish(EndpointSet.of(byKey.values())); // same set: clears the error, notifies nobody
            }
          }
        });
  }

  private void failed(Throwable error, Runnable retry) {
    failures++;
    publishError(unwrap(error));
    if (pending != null) {
      pending.cancel();
    }
    pending = environment.timer().schedule(retry, retryDelay(failures).toNanos(), TimeUnit.NANOSECONDS);
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Override
  protected void doClose() {
    synchronized (this) {
      probe.cancel();
      if (pending != null) {
        pending.cancel();
      }
      if (watcher != null) {
        watcher.close();
      }
    }
    client.close();
  }
}

package dev.switchboard.discovery.eureka.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.time.Timer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's view of one Eureka cluster, shared by every source that reads from it (as
 * Netflix's {@code DiscoveryClient} keeps one registry per client): a full fetch first, then a
 * delta every {@code refreshInterval}, reconciled against the server's hash code, with a full
 * fetch whenever they disagree ({@link RegistryState}). A server that refuses deltas (403, as
 * Eureka answers with {@code disableDelta}) gets full fetches from then on.
 *
 * <p>Where this goes beyond Netflix's client: after a failed fetch, and when another server
 * answers than the last one, the next fetch is a full one. The server keeps changes in its delta
 * queue for a few minutes only, and the hash counts instances per status, so one instance replaced
 * by another while we were away (or on a replica that lags) leaves the hash unchanged: a delta
 * would never show it.
 *
 * <p>Sources subscribe per application and are told the application's instances (every status)
 * after each fetch that touched it, and every error. A subscriber to an application the registry
 * already holds gets its instances at once.
 *
 * <p><b>Threading:</b> one fetch is in flight at a time (the next is scheduled from the previous
 * one's completion); the state is guarded by this object. Listeners are called on the HTTP
 * client's threads under a separate delivery lock, which also covers a new subscriber's first
 * delivery, so no listener sees an older set after a newer one; they must not block.
 */
final class EurekaRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EurekaRegistry.class);

  /** What a source hears about its application. */
  interface Listener {
    void onInstances(List<EurekaInstance> instances);

    void onError(Throwable error);
  }

  private final EurekaTarget.RegistryKey key;
  private final EurekaHttp http;
  private final Timer timer;
  private final RegistryState state = new RegistryState(); // guarded by this
  private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
  private final Object delivery = new Object();
  private boolean fetched; // guarded by this: a full fetch succeeded since the last mismatch
  private boolean deltaRefused; // guarded by this
  private boolean needFull; // guarded by this: the next fetch must be full (after a failure or failover)
  private java.net.URI lastServer; // guarded by this
  private long fullFetches; // guarded by this
  private Timer.Timeout next; // guarded by this
  private volatile Throwable lastError; // the last fetch's failure, until one succeeds
  private volatile boolean closed;

  EurekaRegistry(EurekaTarget.RegistryKey key, Timer timer) {
    this.key = key;
    this.http = new EurekaHttp(key.servers(), key.timeout());
    this.timer = timer;
    fetch();
  }

  /** Subscribes to {@code app}; delivers what is known at once. Close the result to unsubscribe. */
  AutoCloseable subscribe(String app, Listener listener) {
    List<Listener> forApp = listeners.computeIfAbsent(app, a -> new CopyOnWriteArrayList<>());
    synchronized (delivery) {
      forApp.add(listener);
      List<EurekaInstance> known = null;
      synchronized (this) {
        if (fetched) {
          known = state.instances(app);
        }
      }
      Throwable error = lastError;
      if (known != null) {
        listener.onInstances(known);
      } else if (error != null) {
        listener.onError(error); // nothing known yet, and why
      }
    }
    return () -> forApp.remove(listener);
  }

  /** Full fetches so far; for tests and diagnostics. */
  synchronized long fullFetches() {
    return fullFetches;
  }

  private void fetch() {
    if (closed) {
      return;
    }
    boolean full;
    synchronized (this) {
      full = !fetched || deltaRefused || needFull;
    }
    http.send("GET", full ? "/apps/" : "/apps/delta", null)
        .whenComplete((answer, error) -> onAnswer(full, answer, error));
  }

  private void onAnswer(boolean full, EurekaHttp.Answer answer, Throwable error) {
    if (closed) {
      return;
    }
    Throwable failure = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    Set<String> touched = null;
    boolean fetchAgainNow = false;
    if (failure == null) {
      try {
        synchronized (this) {
          boolean otherServer = lastServer != null && !lastServer.equals(answer.server());
          lastServer = answer.server();
          if (!full && otherServer) {
            needFull = true; // another replica: its delta queue is not the one we followed
            fetchAgainNow = true;
          } else if (!full && answer.status() == 403) {
            deltaRefused = true; // the server has deltas disabled
            fetchAgainNow = true;
          } else if (answer.status() != 200) {
            failure = new IOException("GET " + (full ? "/apps/" : "/apps/delta") + " on " + answer.server()
                + " answered " + answer.status());
          } else {
            JsonNode applications = InstanceJson.MAPPER.readTree(answer.body()).path("applications");
            if (!applications.isObject()) {
              throw new IOException("no \"applications\" object in the answer of " + answer.server());
            }
            touched = full ? state.replace(applications, this::skipped) : state.apply(applications, this::skipped);
            String theirs = applications.path("apps__hashcode").asText("");
            if (full) {
              fetched = true;
              needFull = false;
              fullFetches++;
            } else if (!theirs.equals(state.reconcileHashCode())) {
              log.debug("eureka registry {}: delta does not reconcile (ours {}, theirs {}); fetching in full",
                  key.servers(), state.reconcileHashCode(), theirs);
              fetched = false;
              touched = null;
              fetchAgainNow = true;
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        failure = new IOException("unreadable registry from " + answer.server() + ": " + e.getMessage(), e);
      }
    }
    lastError = failure;
    if (failure != null) {
      synchronized (this) {
        needFull = true; // changes made while we were away may be gone from the delta queue
      }
      synchronized (delivery) {
        for (List<Listener> ls : listeners.values()) {
          for (Listener l : ls) {
            l.onError(failure);
          }
        }
      }
    } else if (touched != null) {
      notifyApps(full ? listeners.keySet() : touched);
    }
    if (fetchAgainNow) {
      fetch();
    } else {
      schedule();
    }
  }

  private void notifyApps(Set<String> apps) {
    synchronized (delivery) {
      notifyAppsLocked(apps);
    }
  }

  private void notifyAppsLocked(Set<String> apps) {
    for (String app : apps) {
      List<Listener> ls = listeners.get(app);
      if (ls == null || ls.isEmpty()) {
        continue;
      }
      List<EurekaInstance> instances;
      synchronized (this) {
        instances = state.instances(app);
      }
      for (Listener l : ls) {
        l.onInstances(instances);
      }
    }
  }

  private void skipped(String instance, String why) {
    log.debug("eureka registry {}: instance {} is unusable: {}", key.servers(), instance, why);
  }

  private synchronized void schedule() {
    if (closed) {
      return;
    }
    next = timer.schedule(this::fetch, key.refreshInterval().toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (next != null) {
      next.cancel();
    }
  }
}

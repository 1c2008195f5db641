package dev.switchboard.telemetry;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.errors.ServiceCallException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to several listeners; a listener that throws is logged and skipped. */
final class CompositeTelemetryListener implements TelemetryListener {
  private static final Logger log = LoggerFactory.getLogger(CompositeTelemetryListener.class);
  private final TelemetryListener[] listeners;

  private CompositeTelemetryListener(TelemetryListener[] listeners) {
    this.listeners = listeners;
  }

  static TelemetryListener of(List<TelemetryListener> listeners) {
    List<TelemetryListener> real = listeners.stream().filter(l -> l != NOOP).toList();
    if (real.isEmpty()) {
      return NOOP;
    }
    return new CompositeTelemetryListener(real.toArray(new TelemetryListener[0]));
  }

  private void each(Consumer<TelemetryListener> event) {
    for (TelemetryListener l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        log.warn("telemetry listener {} threw; ignored", l, e);
      }
    }
  }

  @Override public void onCallStart(CallInfo c) { each(l -> l.onCallStart(c)); }
  @Override public void onCallEnd(CallInfo c, Duration d, ServiceCallException e) { each(l -> l.onCallEnd(c, d, e)); }
  @Override public void onAttemptStart(CallInfo c, Endpoint ep, int a, boolean h) { each(l -> l.onAttemptStart(c, ep, a, h)); }
  @Override public void onAttemptEnd(CallInfo c, Endpoint ep, int a, Duration d, ServiceCallException e) { each(l -> l.onAttemptEnd(c, ep, a, d, e)); }
  @Override public void onAttemptStart(AttemptInfo a) { each(l -> l.onAttemptStart(a)); }
  @Override public void onAttemptEnd(AttemptInfo a, AttemptResult r) { each(l -> l.onAttemptEnd(a, r)); }
  @Override public void onDestinationOpen(DestinationState s) { each(l -> l.onDestinationOpen(s)); }
  @Override public void onDestinationClose(DestinationState s) { each(l -> l.onDestinationClose(s)); }
  @Override public void onRetry(CallInfo c, int n, Duration b, ServiceCallException e) { each(l -> l.onRetry(c, n, b, e)); }
  @Override public void onRetryRefused(CallInfo c, String r, ServiceCallException e) { each(l -> l.onRetryRefused(c, r, e)); }
  @Override public void onHedge(CallInfo c, HedgeEvent ev, Endpoint ep, int a) { each(l -> l.onHedge(c, ev, ep, a)); }
  @Override public void onEjection(String s, Endpoint ep, String r, Duration d) { each(l -> l.onEjection(s, ep, r, d)); }
  @Override public void onReadmission(String s, Endpoint ep) { each(l -> l.onReadmission(s, ep)); }
  @Override public void onHealthChange(String s, Endpoint ep, boolean h, String r) { each(l -> l.onHealthChange(s, ep, h, r)); }
  @Override public void onBreakerTransition(String s, String f, String t) { each(l -> l.onBreakerTransition(s, f, t)); }
  @Override public void onLimitRejected(String s, int lim, int in) { each(l -> l.onLimitRejected(s, lim, in)); }
  @Override public void onLimitChanged(String s, int o, int n) { each(l -> l.onLimitChanged(s, o, n)); }
  @Override public void onDiscoveryUpdate(String t, EndpointSet e) { each(l -> l.onDiscoveryUpdate(t, e)); }
  @Override public void onDiscoveryError(String t, Throwable e) { each(l -> l.onDiscoveryError(t, e)); }
  @Override public void onInboundExpired(String m, String p) { each(l -> l.onInboundExpired(m, p)); }

  @Override
  public <T> Optional<T> as(Class<T> type) {
    if (type.isInstance(this)) {
      return Optional.of(type.cast(this));
    }
    for (TelemetryListener l : listeners) {
      Optional<T> found = l.as(type);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }
}

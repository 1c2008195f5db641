package dev.switchboard.http.hedging;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records hedge events. Thread-safe. */
final class HedgeEvents implements TelemetryListener {
  record Event(HedgeEvent kind, String correlationId, Endpoint endpoint, int attempt) {}

  final List<Event> events = new CopyOnWriteArrayList<>();

  @Override
  public void onHedge(CallInfo call, HedgeEvent event, Endpoint endpoint, int attempt) {
    events.add(new Event(event, call.correlationId(), endpoint, attempt));
  }

  long count(HedgeEvent kind) {
    return events.stream().filter(e -> e.kind() == kind).count();
  }
}

package dev.switchboard.context;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An inbound scope provider on the test class path (see META-INF/services): records opens and closes. */
public final class RecordingInboundScopes implements InboundScopeProvider {
  static final List<String> EVENTS = new CopyOnWriteArrayList<>();

  @Override
  public AutoCloseable open(CallContext inbound) {
    String id = inbound.correlationId().orElse("-");
    EVENTS.add("open " + id + " bound=" + CallContext.current().correlationId().orElse("-"));
    return () -> EVENTS.add("close " + id);
  }
}

package dev.switchboard.micrometer.internal;

import static dev.switchboard.micrometer.MeterNames.*;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.telemetry.AttemptResult;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener.HedgeEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters of one route: one service, protocol, method and template. Every meter is built the
 * first time its tag combination occurs and then found by index or int key, so recording builds
 * no tags and allocates nothing. Thread-safe.
 */
public final class RouteMeters {
  private static final ErrorKind[] KINDS = ErrorKind.values();
  private static final int MAX_RESEND = 9; // retries cap at 5 attempts; the label never grows past "9"
  private static final int NO_STATUS_SLOT = 1000;

  private final MeterFactory factory;
  private final Tags base; // service, protocol, method, template
  private final boolean grpc;
  private final String service;
  private final String method;
  private final String template;
  private final String rpcService;
  private final String rpcMethod;
  private final AtomicReferenceArray<Timer> calls = new AtomicReferenceArray<>(KINDS.length + 1);
  private final IntKeyed<Timer> attempts = new IntKeyed<>();
  private final AtomicReferenceArray<Counter> retries = new AtomicReferenceArray<>(KINDS.length);
  private final AtomicReferenceArray<Counter> hedges = new AtomicReferenceArray<>(HedgeEvent.values().length);

  RouteMeters(MeterFactory factory, String service, String protocol, String method, String template) {
    this.factory = factory;
    this.service = service;
    this.method = method;
    this.template = template;
    this.grpc = CallInfo.GRPC.equals(protocol);
    this.base = Tags.of(SERVICE, service, PROTOCOL, protocol, METHOD, method, TEMPLATE, template);
    String full = template.startsWith("/") ? template.substring(1) : template;
    int slash = full.lastIndexOf('/');
    this.rpcService = slash > 0 ? full.substring(0, slash) : full;
    this.rpcMethod = slash > 0 ? full.substring(slash + 1) : full;
  }

  public void recordCall(long nanos, ErrorKind kind) {
    int i = kind == null ? KINDS.length : kind.ordinal();
    Timer t = calls.get(i);
    if (t == null) {
      t = factory.timer(CALL_DURATION, "Logical calls, retries and hedges included",
          base.and(OUTCOME, kind == null ? "success" : "failure", ERROR_KIND, kindTag(kind)));
      calls.set(i, t);
    }
    t.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void recordAttempt(int resendCount, AttemptResult result) {
    int slot = result.hasStatus() ? Math.max(0, Math.min(999, result.status()))
        : NO_STATUS_SLOT + (result.error() == null ? KINDS.length : result.error().kind().ordinal());
    int key = ((slot << 1) | (result.error() == null ? 0 : 1)) << 4 | Math.min(resendCount, MAX_RESEND);
    Timer t = attempts.get(key);
    if (t == null) {
      t = attempts.computeIfAbsent(key, k -> attemptTimer(slot, result.error() == null ? null : result.error().kind(),
          Math.min(resendCount, MAX_RESEND)));
    }
    t.record(result.latencyNanos(), TimeUnit.NANOSECONDS);
  }

  private Timer attemptTimer(int slot, ErrorKind kind, int resend) {
    boolean status = slot < NO_STATUS_SLOT;
    String code = status ? Integer.toString(slot) : NONE;
    String errorType = kind == null ? NONE : status ? code : kindTag(kind);
    if (grpc) {
      return factory.timer(RPC_CLIENT_DURATION, "gRPC attempts: one per request sent",
          Tags.of(SERVICE, service, SERVER_ADDRESS, service, RPC_SYSTEM, "grpc", RPC_SERVICE, rpcService,
              RPC_METHOD, rpcMethod, RPC_GRPC_STATUS, code, ERROR_TYPE, errorType,
              RPC_RESEND_COUNT, Integer.toString(resend)));
    }
    return factory.timer(HTTP_CLIENT_REQUEST_DURATION, "HTTP attempts: one per request sent",
        Tags.of(SERVICE, service, SERVER_ADDRESS, service, METHOD, method, TEMPLATE, template, STATUS_CODE, code, ERROR_TYPE, errorType, RESEND_COUNT, Integer.toString(resend)));
  }

  public void retry(ErrorKind cause) {
    int i = cause.ordinal();
    Counter c = retries.get(i);
    if (c == null) {
      c = factory.counter(RETRIES, "Retries scheduled", base.and(ERROR_KIND, kindTag(cause)));
      retries.set(i, c);
    }
    c.increment();
  }

  public void hedge(HedgeEvent event) {
    int i = event.ordinal();
    Counter c = hedges.get(i);
    if (c == null) {
      c = factory.counter(HEDGES, "Hedges issued, won and lost",
          base.and(HEDGE_EVENT, event.name().toLowerCase(Locale.ROOT)));
      hedges.set(i, c);
    }
    c.increment();
  }

  static String kindTag(ErrorKind kind) {
    return kind == null ? NONE : kind.name().toLowerCase(Locale.ROOT);
  }
}

package dev.switchboard.grpc.internal;

import dev.switchboard.context.CallContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusException;
import dev.switchboard.grpc.GrpcChannelOptions;
import dev.switchboard.grpc.SwitchboardGrpc;
import dev.switchboard.time.Timer;
import dev.switchboard.policy.OverloadSignal;
import dev.switchboard.policy.RetryBudget;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.telemetry.TelemetryListener.HedgeEvent;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One logical call made of several attempts (hedges and retries), run by core's rules, in the
 * order of the HTTP engine: hedges first (idempotent calls only; the next one after the hedge
 * delay, or at once after a non-fatal failure), and a retry only once every attempt in flight has
 * failed retryably, after the policy's conditions ({@link RetryPolicy#isRetryable}),
 * idempotency (or the attempt provably never reached a server), {@code maxAttempts}, the
 * deadline (the backoff must end before it) and the {@link RetryBudget}. Hedges may add attempts
 * while fewer than the hedging {@code maxAttempts} were sent, retries while fewer than the retry
 * policy's; both pay one budget token each. A negative {@code grpc-retry-pushback-ms} stops both
 * (the call waits on what is in flight). A failure that is neither retryable nor non-fatal (e.g.
 * NOT_FOUND) is a real answer and ends the call at once (gRPC A6). Running out of attempts or
 * budget, or a "do not retry" from below, marks the inbound request's {@link OverloadSignal}, so
 * the server above answers with a negative pushback.
 *
 * <p>The caller's start, request, message and half-close are buffered, then replayed on each
 * attempt; the first attempt that answers commits the call and the others are cancelled on the
 * wire. State is guarded by this call's monitor; the caller's listener is only ever called by the
 * committed attempt (or once, on failure), never while holding the monitor.
 */
public final class AttemptsCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {
  /** {@link #decide} result for a failure that is a real answer: the call ends with it. */
  private static final String FATAL = "";

  private final MethodDescriptor<ReqT, RespT> method;
  private final CallOptions options;
  private final Channel next;
  private final RetryPolicy policy;
  private final RetryBudget budget;
  private final TelemetryListener telemetry;
  private final boolean idempotent;
  private final HedgePlan hedge; // null: this call is not hedged
  private final io.grpc.Deadline deadline;
  private final CallContext context;
  private final RetryRules rules;
  private CallInfo info; // built on first use: only telemetry needs it

  // Guarded by this.
  private Listener<RespT> listener;
  private Metadata headers;
  private ReqT message;
  private int requested;
  private boolean done;
  private volatile Attempt committed;
  private final List<Attempt> inFlight = new ArrayList<>(2);
  private final List<Endpoint> tried = new ArrayList<>(2);
  private int launched;
  private int retries;
  private boolean stopHedging;
  private ServiceCallException lastFailure;
  private Status lastStatus;
  private Metadata lastTrailers;
  private Timer.Timeout timer;

  /** @param hedge the channel's hedging plan, or null; applied only when {@code idempotent} */
  public AttemptsCall(MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next,
      GrpcChannelOptions config, RetryBudget budget, HedgePlan hedge, boolean idempotent) {
    this.method = method;
    this.options = options;
    this.next = next;
    this.policy = config.retryPolicy();
    this.budget = budget;
    this.telemetry = config.telemetry();
    this.idempotent = idempotent;
    this.hedge = idempotent ? hedge : null;
    this.context = options.getOption(SwitchboardGrpc.CALL_CONTEXT_OPTION);
    io.grpc.Deadline d = options.getDeadline();
    io.grpc.Deadline ambient = Context.current().getDeadline();
    if (ambient != null) {
      d = d == null ? ambient : d.minimum(ambient);
    }
    if (context != null && context.deadline().isPresent()) {
      io.grpc.Deadline ours = io.grpc.Deadline.after(context.deadline().get().remainingNanos(), TimeUnit.NANOSECONDS);
      d = d == null ? ours : d.minimum(ours);
    }
    this.deadline = d;
    this.rules = new RetryRules(policy, budget, telemetry, context, idempotent, method.getFullMethodName(), this::info);
  }

  /** The call as telemetry names it. A racing second build is harmless: CallInfo is immutable. */
  private CallInfo info() {
    if (info == null) {
      info = new CallInfo(next.authority(), "POST", "/" + method.getFullMethodName(),
          context == null ? null : context.correlationId().orElse(null));
    }
    return info;
  }

  @Override
  public void start(Listener<RespT> responseListener, Metadata headers) {
    synchronized (this) {
      this.listener = responseListener;
      this.headers = headers;
    }
    budget.deposit();
  }

  @Override
  public void request(int numMessages) {
    Attempt c;
    synchronized (this) {
      requested += numMessages;
      c = committed;
      if (c == null) {
        for (Attempt a : inFlight) {
          a.call.request(numMessages);
        }
        return;
      }
    }
    c.call.request(numMessages);
  }

  @Override
  public void sendMessage(ReqT message) {
    synchronized (this) {
      if (this.message != null) {
        throw new IllegalStateException("unary and server-streaming calls send one message");
      }
      this.message = message;
    }
  }

  @Override
  public void halfClose() {
    synchronized (this) {
      launch(false);
    }
  }

  @Override
  public void cancel(String reason, Throwable cause) {
    List<Attempt> toCancel;
    Listener<RespT> l;
    synchronized (this) {
      if (done) {
        return;
      }
      done = true;
      cancelTimer();
      toCancel = new ArrayList<>(inFlight);
      l = committed == null ? listener : null;
      if (committed != null) {
        toCancel.add(committed);
      }
    }
    for (Attempt a : toCancel) {
      a.call.cancel(reason, cause);
    }
    if (toCancel.isEmpty() && l != null) {
      l.onClose(Status.CANCELLED.withDescription(reason).withCause(cause), new Metadata());
    }
  }

  @Override
  public boolean isReady() {
    return true; // the single request is buffered
  }

  /** Starts one attempt, then arms the next hedge. Caller holds the monitor. */
  private void launch(boolean isHedge) {
    if (done || committed != null) {
      return;
    }
    launched++;
    for (Attempt a : inFlight) {
      remember(a.info.picked());
    }
    AttemptInfo attemptInfo = new AttemptInfo(launched, isHedge, tried);
    CallOptions attemptOptions = options.withOption(AttemptInfo.KEY, attemptInfo);
    io.grpc.Deadline perAttempt = null;
    if (policy.perAttemptTimeout() != null) {
      perAttempt = io.grpc.Deadline.after(policy.perAttemptTimeout().toNanos(), TimeUnit.NANOSECONDS);
      attemptOptions = attemptOptions.withDeadline(deadline == null ? perAttempt : deadline.minimum(perAttempt));
    }
    ClientCall<ReqT, RespT> call = next.newCall(method, attemptOptions);
    Attempt attempt = new Attempt(call, attemptInfo, perAttempt);
    inFlight.add(attempt);
    Metadata copy = new Metadata();
    copy.merge(headers);
    call.start(attempt, copy);
    if (requested > 0) {
      call.request(requested);
    }
    call.sendMessage(message);
    call.halfClose();
    if (hedge != null && !stopHedging && launched < hedge.maxAttempts()) {
      cancelTimer();
      long delay = hedge.delayNanos();
      if (remainingNanos() > delay) {
        timer = Timer.system().schedule(this::hedgeTimerFired, delay, TimeUnit.NANOSECONDS);
      }
    }
  }

  private void hedgeTimerFired() {
    synchronized (this) {
      timer = null;
      if (done || committed != null || stopHedging || launched >= hedge.maxAttempts() || inFlight.isEmpty()) {
        return;
      }
      issueHedge();
    }
  }

  /** Sends a hedge if the budget pays for it. Caller holds the monitor. */
  private boolean issueHedge() {
    if (!budget.tryWithdraw()) {
      telemetry.onRetryRefused(info(), "hedge refused: retry budget exhausted (" + budget.config() + ")", null);
      return false; // the attempts in flight may still answer
    }
    launch(true);
    telemetry.onHedge(info(), HedgeEvent.ISSUED, null, launched);
    return true;
  }

  private void remember(Endpoint e) {
    if (e != null && !tried.contains(e)) {
      tried.add(e);
    }
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private long remainingNanos() {
    return deadline == null ? Long.MAX_VALUE : deadline.timeRemaining(TimeUnit.NANOSECONDS);
  }

  /** Commits to {@code winner} and cancels the others. Returns false if another attempt won. */
  private boolean commit(Attempt winner) {
    List<Attempt> losers;
    synchronized (this) {
      if (committed == winner) {
        return true;
      }
      if (committed != null || done) {
        return false;
      }
      committed = winner;
      cancelTimer();
      inFlight.remove(winner);
      losers = new ArrayList<>(inFlight);
      inFlight.clear();
    }
    if (winner.info.hedge()) {
      telemetry.onHedge(info(), HedgeEvent.WON, winner.info.picked(), winner.info.number());
    }
    for (Attempt loser : losers) {
      loser.call.cancel("another attempt answered first", null);
      if (loser.info.hedge()) {
        telemetry.onHedge(info(), HedgeEvent.LOST, loser.info.picked(), loser.info.number());
      }
    }
    return true;
  }

  /** A failed, uncommitted attempt: hedge, retry, wait for another in-flight attempt, or fail. */
  private void onAttemptFailed(Attempt attempt, Status status, Metadata trailers) {
    Listener<RespT> fail;
    Status finalStatus;
    List<Attempt> toCancel;
    synchronized (this) {
      inFlight.remove(attempt);
      remember(attempt.info.picked());
      if (done || committed != null) {
        return;
      }
      String outcome;
      if (AttemptInfo.isHedgeNotSent(status)) {
        // Every endpoint is in use by this call: no hedge after all. Return its token, stop
        // hedging, and judge the last real failure again (a retry may follow it).
        budget.refund();
        launched--;
        telemetry.onHedge(info(), HedgeEvent.LOST, null, attempt.info.number());
        stopHedging = true;
        if (!inFlight.isEmpty() || lastFailure == null) {
          return;
        }
        outcome = decide(lastFailure);
        status = lastStatus;
        trailers = lastTrailers;
      } else {
        if (attempt.info.hedge()) {
          telemetry.onHedge(info(), HedgeEvent.LOST, attempt.info.picked(), attempt.info.number());
        }
        lastFailure = classify(attempt, status, trailers);
        lastStatus = status;
        lastTrailers = trailers;
        outcome = decide(lastFailure);
      }
      if (outcome == null) {
        return; // another attempt was sent or scheduled
      }
      boolean fatal = outcome.isEmpty();
      if (!fatal && !inFlight.isEmpty()) {
        return; // an attempt in flight may still answer
      }
      done = true;
      cancelTimer();
      toCancel = new ArrayList<>(inFlight);
      inFlight.clear();
      fail = listener;
      finalStatus = fatal ? status : status.augmentDescription("not retried: " + outcome);
    }
    for (Attempt a : toCancel) {
      a.call.cancel("another attempt failed with a status that is not retried", null);
    }
    fail.onClose(finalStatus, trailers);
  }

  /**
   * Sends or schedules the next attempt and returns null; or returns {@link #FATAL} for a real
   * answer that ends the call, or why no further attempt is made (the call then waits on any
   * attempt still in flight). Caller holds the monitor.
   */
  private String decide(ServiceCallException failure) {
    if (failure instanceof StatusException s && s.doNotRetry()) {
      stopHedging = true;
      cancelTimer();
      return inFlight.isEmpty()
          ? rules.refuse(failure, "the server asked not to retry (negative grpc-retry-pushback-ms)", true)
          : "the server asked not to retry; waiting on attempts in flight";
    }
    boolean retryable = rules.retryable(failure);
    boolean nonFatal = hedge != null && hedge.isNonFatal(failure);
    if (!retryable && !nonFatal) {
      return FATAL;
    }
    String unsafe = rules.unsafeToResend(failure);
    if (unsafe != null) {
      return unsafe;
    }
    if (nonFatal && !stopHedging && launched < hedge.maxAttempts() && remainingNanos() > 0 && issueHedge()) {
      return null; // a non-fatal failure sends the next hedge at once
    }
    if (!inFlight.isEmpty()) {
      return "attempts still in flight";
    }
    if (!retryable) {
      return FATAL;
    }
    int cap = hedge == null ? policy.maxAttempts() : Math.max(policy.maxAttempts(), hedge.maxAttempts());
    long delay = rules.retryDelayNanos(failure, launched, retries, remainingNanos(), cap);
    if (delay < 0) {
      return failure.retryRefusal().orElse("not retried");
    }
    retries++;
    cancelTimer();
    if (delay == 0) {
      launch(false);
    } else {
      timer = Timer.system().schedule(() -> {
        synchronized (this) {
          timer = null;
          launch(false);
        }
      }, delay, TimeUnit.NANOSECONDS);
    }
    return null;
  }

  private ServiceCallException classify(Attempt attempt, Status status, Metadata trailers) {
    boolean attemptTimedOut = status.getCode() == Status.Code.DEADLINE_EXCEEDED && attempt.perAttemptDeadline != null
        && attempt.perAttemptDeadline.isExpired() && remainingNanos() > 0;
    return AttemptFailures.classify(status, trailers, attemptTimedOut ? policy.perAttemptTimeout() : null);
  }

  private final class Attempt extends ClientCall.Listener<RespT> {
    final ClientCall<ReqT, RespT> call;
    final AttemptInfo info;
    final io.grpc.Deadline perAttemptDeadline;
    final long startNanos = System.nanoTime();

    Attempt(ClientCall<ReqT, RespT> call, AttemptInfo info, io.grpc.Deadline perAttemptDeadline) {
      this.call = call;
      this.info = info;
      this.perAttemptDeadline = perAttemptDeadline;
    }

    @Override
    public void onHeaders(Metadata h) {
      if (commit(this)) {
        listener.onHeaders(h);
      }
    }

    @Override
    public void onMessage(RespT m) {
      if (commit(this)) {
        listener.onMessage(m);
      }
    }

    @Override
    public void onReady() {
      if (committed == this) {
        listener.onReady();
      }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      if (hedge != null) {
        hedge.record(System.nanoTime() - startNanos); // losers too: the time they ran (a lower bound)
      }
      boolean mine;
      synchronized (AttemptsCall.this) {
        mine = committed == this;
      }
      if (mine || (status.isOk() && commit(this))) {
        synchronized (AttemptsCall.this) {
          done = true;
        }
        listener.onClose(status, trailers);
        return;
      }
      if (!status.isOk()) {
        onAttemptFailed(this, status, trailers);
      }
    }
  }
}

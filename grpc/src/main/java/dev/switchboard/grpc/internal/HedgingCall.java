package dev.switchboard.grpc.internal;

import dev.switchboard.context.CallContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.grpc.GrpcAttemptPolicy;
import dev.switchboard.grpc.GrpcErrors;
import dev.switchboard.grpc.GrpcRetryBudget;
import dev.switchboard.grpc.SwitchboardGrpc;
import dev.switchboard.internal.SharedScheduler;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One logical call made of several attempts (retries and hedges). The caller's start, request,
 * message and half-close are buffered, then replayed on each attempt; the first attempt that
 * answers commits the call and the others are cancelled. State is guarded by this call's monitor;
 * the caller's listener is only ever called by the committed attempt (or once, on failure).
 */
public final class HedgingCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {
  private final MethodDescriptor<ReqT, RespT> method;
  private final CallOptions options;
  private final Channel next;
  private final GrpcAttemptPolicy policy;
  private final boolean idempotent;
  private final io.grpc.Deadline deadline;
  private final CallContext context;

  // Guarded by this.
  private Listener<RespT> listener;
  private Metadata headers;
  private ReqT message;
  private int requested;
  private boolean halfClosed;
  private boolean done;
  private volatile Attempt committed;
  private final List<Attempt> inFlight = new ArrayList<>(2);
  private final List<Endpoint> tried = new ArrayList<>(2);
  private int launched;
  private ScheduledFuture<?> timer;

  public HedgingCall(MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next,
      GrpcAttemptPolicy policy, boolean idempotent) {
    this.method = method;
    this.options = options;
    this.next = next;
    this.policy = policy;
    this.idempotent = idempotent;
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
  }

  @Override
  public void start(Listener<RespT> responseListener, Metadata headers) {
    synchronized (this) {
      this.listener = responseListener;
      this.headers = headers;
    }
    GrpcRetryBudget budget = policy.budget();
    if (budget != null) {
      budget.deposit();
    }
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
      halfClosed = true;
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

  /** Starts one attempt. Caller holds the monitor. */
  private void launch(boolean hedge) {
    if (done || committed != null) {
      return;
    }
    launched++;
    for (Attempt a : inFlight) {
      Endpoint e = a.info.picked();
      if (e != null && !tried.contains(e)) {
        tried.add(e);
      }
    }
    AttemptInfo info = new AttemptInfo(launched, hedge, tried);
    ClientCall<ReqT, RespT> call = next.newCall(method, options.withOption(AttemptInfo.KEY, info));
    Attempt attempt = new Attempt(call, info);
    inFlight.add(attempt);
    Metadata copy = new Metadata();
    copy.merge(headers);
    call.start(attempt, copy);
    if (requested > 0) {
      call.request(requested);
    }
    call.sendMessage(message);
    call.halfClose();
    Duration hedgeDelay = policy.hedgeDelay();
    if (hedgeDelay != null && idempotent && launched < policy.maxAttempts()) {
      cancelTimer();
      long delayNanos = hedgeDelay.toNanos();
      if (deadline == null || deadline.timeRemaining(TimeUnit.NANOSECONDS) > delayNanos) {
        timer = SharedScheduler.get().schedule(this::hedgeTimerFired, delayNanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  private void hedgeTimerFired() {
    synchronized (this) {
      timer = null;
      if (done || committed != null || !paid()) {
        return;
      }
      launch(true);
    }
  }

  private boolean paid() {
    GrpcRetryBudget budget = policy.budget();
    return budget == null || budget.tryWithdraw();
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
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
    for (Attempt loser : losers) {
      loser.call.cancel("another attempt answered first", null);
    }
    return true;
  }

  /** A failed, uncommitted attempt: retry, wait for another in-flight attempt, or fail. */
  private void onAttemptFailed(Attempt attempt, Status status, Metadata trailers) {
    Listener<RespT> fail = null;
    synchronized (this) {
      inFlight.remove(attempt);
      Endpoint e = attempt.info.picked();
      if (e != null && !tried.contains(e)) {
        tried.add(e);
      }
      if (done || committed != null) {
        return;
      }
      ServiceCallException failure = GrpcErrors.toException(status, trailers);
      boolean neverSent = failure instanceof TransportException t && t.neverSent();
      boolean retry = failure.retryable() && (idempotent || neverSent) && launched < policy.maxAttempts();
      if (retry) {
        long delay = nextDelayNanos(failure);
        boolean fits = deadline == null || deadline.timeRemaining(TimeUnit.NANOSECONDS) > delay;
        if (fits && paid()) {
          cancelTimer();
          if (delay <= 0) {
            launch(!inFlight.isEmpty());
          } else {
            timer = SharedScheduler.get().schedule(() -> {
              synchronized (this) {
                timer = null;
                launch(false);
              }
            }, delay, TimeUnit.NANOSECONDS);
          }
          return;
        }
      }
      if (!inFlight.isEmpty() || timer != null) {
        return; // another attempt may still answer
      }
      done = true;
      fail = listener;
    }
    fail.onClose(status, trailers);
  }

  /** Server pushback if given, else full-jitter backoff; hedges go again at once. */
  private long nextDelayNanos(ServiceCallException failure) {
    Duration pushback = failure.retryAfter().orElse(null);
    if (pushback != null) {
      return pushback.toNanos();
    }
    if (policy.hedgeDelay() != null) {
      return 0; // hedging: a failed attempt makes room for the next one now (gRPC A6)
    }
    long ceiling = policy.backoffBase().toNanos();
    long cap = policy.backoffCap().toNanos();
    for (int i = 1; i < launched && ceiling < cap; i++) {
      ceiling *= 2;
    }
    return ThreadLocalRandom.current().nextLong(Math.min(ceiling, cap) + 1);
  }

  private final class Attempt extends ClientCall.Listener<RespT> {
    final ClientCall<ReqT, RespT> call;
    final AttemptInfo info;

    Attempt(ClientCall<ReqT, RespT> call, AttemptInfo info) {
      this.call = call;
      this.info = info;
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
      boolean mine;
      synchronized (HedgingCall.this) {
        mine = committed == this;
      }
      if (mine) {
        synchronized (HedgingCall.this) {
          done = true;
        }
        listener.onClose(status, trailers);
        return;
      }
      if (status.isOk()) {
        if (commit(this)) {
          synchronized (HedgingCall.this) {
            done = true;
          }
          listener.onClose(status, trailers);
        }
        return;
      }
      onAttemptFailed(this, status, trailers);
    }
  }
}

package dev.switchboard.http.internal;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ProtocolException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Response;
import dev.switchboard.time.Deadline;
import dev.switchboard.time.Timer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;

/**
 * What the {@code java.net.http} transport tracks for one exchange that the JDK client does not
 * tell it: whether the response head arrived (a failure after it is a broken body,
 * {@code PROTOCOL_ERROR}, not a connection that never answered), and the attempt's deadline. The
 * JDK's request timeout stops at the response head, so a body dripped one byte at a time would
 * hold a blocking {@code send} for as long as the server likes; at the deadline this fails the
 * body, cancels its subscription and cancels the exchange. Thread-safe.
 */
final class JdkExchange {
  private final Attempt attempt;
  private final CompletableFuture<Response> result;
  private volatile boolean headReceived;
  private volatile BoundedBodySubscriber body;
  private volatile Future<?> exchange;
  private volatile ExchangeTimer timer;
  private volatile boolean deadlineFired;

  JdkExchange(Attempt attempt, CompletableFuture<Response> result) {
    this.attempt = attempt;
    this.result = result;
  }

  /** Where this exchange goes. */
  dev.switchboard.endpoint.Endpoint endpoint() {
    return attempt.endpoint();
  }

  /** Starts the deadline timer on {@code clock}; no timer for a null deadline. */
  void startTimer(Timer clock, Deadline deadline) {
    timer = ExchangeTimer.after(clock, deadline, this::onDeadline);
    if (result.isDone()) {
      timer.cancel();
    }
  }

  /** The head arrived and this subscriber will read the body. */
  void bodyStarted(BoundedBodySubscriber subscriber) {
    headReceived = true;
    body = subscriber;
    if (deadlineFired) {
      subscriber.abort(outOfTime());
    }
  }

  /** The JDK's future for this exchange, cancelled when the exchange must end early. */
  void exchange(Future<?> future) {
    exchange = future;
    if (deadlineFired || result.isCancelled()) {
      future.cancel(true);
    }
  }

  /** The exchange ended (any way): stops the timer; a cancelled result aborts the exchange. */
  void ended() {
    ExchangeTimer t = timer;
    if (t != null) {
      t.cancel();
    }
    if (result.isCancelled()) {
      abortWith(AttemptFailures.cancelled(attempt, null));
    }
  }

  private void onDeadline() {
    deadlineFired = true;
    ServiceCallException late = outOfTime();
    result.completeExceptionally(late);
    abortWith(late);
  }

  private void abortWith(ServiceCallException reason) {
    BoundedBodySubscriber b = body;
    if (b != null) {
      b.abort(reason); // fails the body (a blocking send returns) and cancels the subscription
    }
    Future<?> f = exchange;
    if (f != null) {
      f.cancel(true); // JDK 16+: aborts the exchange and closes its connection
    }
  }

  private ServiceCallException outOfTime() {
    return AttemptFailures.outOfTime(attempt, headReceived ? "while reading the body" : "waiting for the response", null);
  }

  /** The caller's thread was interrupted while it ran the exchange (the JDK aborts it). */
  ServiceCallException interrupted(InterruptedException e) {
    return new dev.switchboard.errors.CancelledCallException(
        "exchange interrupted (cancelled or client closed)" + AttemptFailures.where(attempt), e);
  }

  /** Maps a JDK failure of this exchange onto the pipeline's error kinds (see {@link AttemptFailures}). */
  ServiceCallException failure(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    // The JDK wraps what our body subscriber failed with (too large, out of time) in an IOException.
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ServiceCallException sce) {
        return sce;
      }
    }
    if (deadlineFired) {
      return outOfTime();
    }
    if (t instanceof CancellationException) {
      return AttemptFailures.cancelled(attempt, t);
    }
    if (t instanceof HttpConnectTimeoutException) {
      return AttemptFailures.connectFailed(attempt, "connect timed out", true, t);
    }
    if (t instanceof HttpTimeoutException) {
      return AttemptFailures.outOfTime(attempt, "waiting for the response", t);
    }
    if (t instanceof ConnectException || t.getCause() instanceof ConnectException) {
      return AttemptFailures.connectFailed(attempt, "connection refused", true, t);
    }
    if (t instanceof java.net.ProtocolException) {
      // The JDK's head parser: bad status line, bad header, "Header size too big".
      return AttemptFailures.protocolError(attempt, "not a valid HTTP answer", t);
    }
    if (headReceived && (t instanceof IOException || t instanceof ClosedChannelException)) {
      return AttemptFailures.protocolError(attempt, "the response body broke off", t);
    }
    if (t instanceof IOException) {
      return AttemptFailures.connectFailed(attempt, "connection closed or reset before an answer", false, t);
    }
    if (t instanceof IllegalArgumentException) {
      return new ProtocolException(ErrorKind.PROTOCOL_ERROR, "invalid request: " + t.getMessage()
          + AttemptFailures.where(attempt), t);
    }
    return AttemptFailures.protocolError(attempt, "unexpected transport failure", t);
  }
}

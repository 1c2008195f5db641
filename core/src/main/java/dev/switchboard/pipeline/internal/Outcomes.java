package dev.switchboard.pipeline.internal;

import dev.switchboard.errors.CancelledCallException;
import dev.switchboard.errors.DeadlineExceededException;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ProtocolException;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusException;
import dev.switchboard.pipeline.Call;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;

/** How the breaker and the limit judge a finished call. Stateless; thread-safe. */
public final class Outcomes {
  /** A call's verdict for destination health. */
  public enum Verdict {
    /** The destination did its job (including 4xx and 429 answers). */
    SUCCESS,
    /** The destination's fault: 5xx, connect failure, timeout, or the deadline passed while waiting on it. */
    FAILURE,
    /** Says nothing about the destination: cancelled by the caller, or refused locally before sending. */
    IGNORED
  }

  private Outcomes() {}

  /** The verdict on a call that completed with {@code error} (null for success). */
  public static Verdict verdict(Throwable error, Call call) {
    if (error == null) {
      return Verdict.SUCCESS;
    }
    ServiceCallException e = unwrap(error);
    if (e.kind().serverFault()) {
      return Verdict.FAILURE;
    }
    if (e instanceof CancelledCallException || e instanceof DeadlineExceededException d && !d.local()) {
      // The pipeline's deadline timer cancels the attempts; a call that ran out of time while
      // waiting on the server is a timeout, one the caller cancelled is not the server's fault.
      boolean expired = call.remainingNanos() <= 0;
      return expired && call.attempts() > 0 ? Verdict.FAILURE : Verdict.IGNORED;
    }
    if (e instanceof RejectedCallException || e instanceof DeadlineExceededException) {
      return Verdict.IGNORED;
    }
    return Verdict.SUCCESS;
  }

  /** True when the outcome is an overload signal for an adaptive limit: a failure or a 429. */
  public static boolean overloaded(Verdict verdict, Throwable error) {
    return verdict == Verdict.FAILURE
        || (error != null && unwrap(error) instanceof StatusException s && s.kind() == ErrorKind.RATE_LIMITED);
  }

  /** The {@link ServiceCallException} inside {@code error}, wrapping anything else. */
  public static ServiceCallException unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof ServiceCallException sce) {
      return sce;
    }
    if (t instanceof CancellationException) {
      return new CancelledCallException("attempt cancelled", t);
    }
    return new ProtocolException(ErrorKind.PROTOCOL_ERROR, "failed unexpectedly: " + t, t);
  }

  /**
   * What {@code done.handle(fn)} would complete with, for a future already done, without the
   * completion stage: a completed or failed future.
   */
  static <R> CompletableFuture<R> now(CompletableFuture<R> done, BiFunction<R, Throwable, R> fn) {
    R value = null;
    Throwable error = null;
    try {
      value = done.join();
    } catch (CompletionException | CancellationException e) {
      error = e;
    }
    try {
      return CompletableFuture.completedFuture(fn.apply(value, error));
    } catch (CompletionException e) {
      return CompletableFuture.failedFuture(e.getCause() != null ? e.getCause() : e);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}

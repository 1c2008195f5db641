package dev.switchboard.http.internal;

import dev.switchboard.errors.CancelledCallException;
import dev.switchboard.errors.DeadlineExceededException;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ProtocolException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.time.Deadline;

/**
 * The failures every HTTP transport reports, worded the same whichever client is underneath. The
 * rules: nothing received is {@code CONNECT_FAILED} ({@code neverSent} only when the request
 * provably never left); something received that is not a usable answer is {@code PROTOCOL_ERROR};
 * running out of time is {@code DEADLINE_EXCEEDED} when the call's deadline set the attempt's,
 * else {@code TIMEOUT} (a per-attempt timeout, retryable). Stateless.
 */
public final class AttemptFailures {
  private AttemptFailures() {}

  /** The attempt ran out of time: its deadline was the call's, or a shorter per-attempt one. */
  public static ServiceCallException outOfTime(Attempt attempt, String what, Throwable cause) {
    return callDeadlineSetTheTimeout(attempt)
        ? new DeadlineExceededException("deadline exceeded " + what + where(attempt), false)
        : new TransportException(ErrorKind.TIMEOUT, "attempt timed out " + what + where(attempt), false, cause);
  }

  /** Nothing was received: refused, reset or closed before a byte of the answer. */
  public static ServiceCallException connectFailed(Attempt attempt, String what, boolean neverSent,
      Throwable cause) {
    return new TransportException(ErrorKind.CONNECT_FAILED, what + detail(cause) + where(attempt), neverSent, cause);
  }

  /** Something arrived that is not a usable HTTP answer (broken head, framing or body). */
  public static ServiceCallException protocolError(Attempt attempt, String what, Throwable cause) {
    return new ProtocolException(ErrorKind.PROTOCOL_ERROR, what + detail(cause) + where(attempt), cause);
  }

  /** The body is over the limit; nothing beyond the limit was buffered. */
  public static ServiceCallException tooLarge(long max, String what) {
    return new ProtocolException(ErrorKind.RESPONSE_TOO_LARGE,
        "response body exceeds the limit of " + max + " bytes (" + what + ")", null);
  }

  /** The exchange was cancelled by its caller (a hedge loser, a finished call, an interrupt). */
  public static ServiceCallException cancelled(Attempt attempt, Throwable cause) {
    return new CancelledCallException("exchange cancelled" + where(attempt), cause);
  }

  /**
   * True when the attempt's deadline is the call's rather than a shorter per-attempt timeout's.
   * Asked instead of "has the call's deadline passed?", because a client's timer can fire a
   * fraction of a millisecond before the ticker says the deadline has passed.
   */
  public static boolean callDeadlineSetTheTimeout(Attempt attempt) {
    Deadline call = attempt.call().deadline().orElse(null);
    if (call == null) {
      return false;
    }
    Deadline sent = attempt.context().deadline().orElse(call);
    return sent == call || call.isExpired() || call.remainingNanos() <= sent.remainingNanos();
  }

  /** {@code " (host:port, attempt n)"}, for error messages. */
  public static String where(Attempt attempt) {
    return " (" + attempt.endpoint().address() + ", attempt " + attempt.number() + ")";
  }

  private static String detail(Throwable cause) {
    if (cause == null) {
      return "";
    }
    String m = cause.getMessage();
    return ": " + cause.getClass().getSimpleName() + (m == null ? "" : " (" + abbreviate(m) + ")");
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}

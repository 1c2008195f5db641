package dev.switchboard.discovery.etcd.internal;

import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Sorts etcd failures into the two kinds a source treats differently. <em>Unreachable</em>: no
 * answer came (connection refused or dropped, timeout, or a member without a leader, which cannot
 * serve until an election ends); trying again at once cannot help, so the source backs off and
 * probes. Anything else is an <em>answer from a reachable server</em> (a compacted revision, a
 * refused request): the server is there, and what the source holds may be stale, so it lists again
 * at once. Stateless.
 */
public final class EtcdFailures {
  private EtcdFailures() {}

  /** {@code error} without its {@link CompletionException}/{@link ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable error) {
    Throwable t = error;
    for (int i = 0; i < 8 && (t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null; i++) {
      t = t.getCause();
    }
    return t;
  }

  /** True if {@code error} means etcd did not answer (as opposed to answering with an error). */
  public static boolean unreachable(Throwable error) {
    Throwable t = unwrap(error);
    if (t instanceof TimeoutException || t instanceof IOException) {
      return true;
    }
    if (t instanceof EtcdException e) {
      return e.getErrorCode() == ErrorCode.UNAVAILABLE || e.getErrorCode() == ErrorCode.DEADLINE_EXCEEDED
          || (t.getCause() != null && t.getCause() != t && unreachable(t.getCause()));
    }
    Status.Code code = Status.fromThrowable(t).getCode();
    return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
  }
}

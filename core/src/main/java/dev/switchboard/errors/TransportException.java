package dev.switchboard.errors;

/**
 * The transport failed before a complete answer arrived: {@link ErrorKind#CONNECT_FAILED} or
 * {@link ErrorKind#TIMEOUT}. {@link #neverSent()} is true when the request provably never reached
 * the server (connection refused), which makes it safe to retry any method.
 */
public final class TransportException extends ServiceCallException {
  private final boolean neverSent;

  public TransportException(ErrorKind kind, String detail, boolean neverSent, Throwable cause) {
    super(kind, detail, cause);
    requireKind(kind, ErrorKind.CONNECT_FAILED, ErrorKind.TIMEOUT);
    this.neverSent = neverSent;
  }

  /** True when the request never reached the server. */
  public boolean neverSent() {
    return neverSent;
  }
}

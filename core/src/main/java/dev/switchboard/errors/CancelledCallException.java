package dev.switchboard.errors;

/** The caller cancelled or interrupted the call; in-flight attempts were aborted. */
public final class CancelledCallException extends ServiceCallException {
  public CancelledCallException(String detail, Throwable cause) {
    super(ErrorKind.CANCELLED, detail, cause);
  }
}

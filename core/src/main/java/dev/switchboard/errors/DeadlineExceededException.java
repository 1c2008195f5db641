package dev.switchboard.errors;

/**
 * The call's deadline passed, either before it started ({@link #local()}: nothing was sent) or
 * while it was in flight (attempts were cancelled).
 */
public final class DeadlineExceededException extends ServiceCallException {
  private final boolean local;

  public DeadlineExceededException(String detail, boolean local) {
    super(ErrorKind.DEADLINE_EXCEEDED, detail, null);
    this.local = local;
  }

  /** True when the deadline had passed before anything was sent. */
  public boolean local() {
    return local;
  }
}

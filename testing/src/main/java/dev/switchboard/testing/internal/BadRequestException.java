package dev.switchboard.testing.internal;

/** A request the server cannot parse; answered with {@link #status()} and the connection closed. */
public final class BadRequestException extends Exception {
  private final int status;

  public BadRequestException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}

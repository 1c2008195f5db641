package dev.switchboard.http.internal.apache;

import java.io.IOException;

/**
 * Thrown inside HttpClient's body handling the moment a body would pass the limit, so the client
 * aborts the exchange (and drops its connection) as for any broken body; mapped back to
 * {@code RESPONSE_TOO_LARGE} by {@link ApacheFailures}.
 */
final class BodyTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long limit;
  private final String what;

  BodyTooLargeException(long limit, String what) {
    super("response body exceeds the limit of " + limit + " bytes (" + what + ")");
    this.limit = limit;
    this.what = what;
  }

  long limit() {
    return limit;
  }

  String what() {
    return what;
  }
}

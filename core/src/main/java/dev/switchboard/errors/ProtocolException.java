package dev.switchboard.errors;

/**
 * The answer arrived but could not be used: {@link ErrorKind#PROTOCOL_ERROR} (undecodable body,
 * empty body, wrong content type) or {@link ErrorKind#RESPONSE_TOO_LARGE}.
 */
public final class ProtocolException extends ServiceCallException {
  public ProtocolException(ErrorKind kind, String detail, Throwable cause) {
    super(kind, detail, cause);
    requireKind(kind, ErrorKind.PROTOCOL_ERROR, ErrorKind.RESPONSE_TOO_LARGE);
  }
}

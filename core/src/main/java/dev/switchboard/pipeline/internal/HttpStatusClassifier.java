package dev.switchboard.pipeline.internal;

import dev.switchboard.context.Pushback;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusException;
import dev.switchboard.pipeline.Response;
import dev.switchboard.pipeline.ResponseClassifier;
import java.time.Duration;

/**
 * The default classifier: 1xx-3xx succeed; 429 is {@code RATE_LIMITED}; other 4xx
 * {@code CLIENT_ERROR}; 5xx {@code SERVER_ERROR}. {@code Retry-After} is read on 429 and 503,
 * {@code x-retry-pushback-ms} on any failure; a negative pushback marks the failure not
 * retryable at any layer.
 */
public final class HttpStatusClassifier implements ResponseClassifier {
  /** The one instance ({@link ResponseClassifier#httpStatus()}); stateless. */
  public static final HttpStatusClassifier INSTANCE = new HttpStatusClassifier();

  /** Header a server uses to push back (ms), negative meaning "do not retry". */
  public static final String PUSHBACK_HEADER = dev.switchboard.context.WireHeaders.RETRY_PUSHBACK_MS;

  @Override
  public ServiceCallException classify(Response response) {
    int status = response.status();
    if (status < 400) {
      return null;
    }
    ErrorKind kind = status == 429 ? ErrorKind.RATE_LIMITED
        : status < 500 ? ErrorKind.CLIENT_ERROR
        : ErrorKind.SERVER_ERROR;
    Duration pushback = Pushback.parsePushbackMillis(response.header(PUSHBACK_HEADER));
    boolean doNotRetry = pushback != null && pushback.isNegative();
    Duration retryAfter = doNotRetry ? null : pushback;
    if (retryAfter == null && (status == 429 || status == 503)) {
      retryAfter = Pushback.parseRetryAfter(response.header("retry-after"), System.currentTimeMillis());
    }
    String snippet = new String(response.body(), 0, Math.min(response.body().length, 1024),
        java.nio.charset.StandardCharsets.UTF_8);
    return new StatusException(kind, status, snippet, retryAfter, doNotRetry);
  }
}

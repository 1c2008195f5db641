package dev.switchboard.pipeline;

import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.pipeline.internal.HttpStatusClassifier;

/**
 * Decides whether a response is a success or which failure it is, so the pipeline can count,
 * retry and report it. Given to {@link CallPipeline#assemble} by the transport's module.
 * Thread-safe, non-blocking.
 */
@FunctionalInterface
public interface ResponseClassifier {
  /** Null for success, otherwise the failure to report. */
  ServiceCallException classify(Response response);

  /**
   * The HTTP classifier: 1xx-3xx succeed; 429 is {@code RATE_LIMITED}, other 4xx
   * {@code CLIENT_ERROR}, 5xx {@code SERVER_ERROR}, each a
   * {@link dev.switchboard.errors.StatusException} with a capped body snippet.
   * {@code x-retry-pushback-ms} is read on any failure ({@code Retry-After} on 429 and 503) as the
   * endpoint's back-off; a negative pushback marks the failure "do not retry at any layer".
   */
  static ResponseClassifier httpStatus() {
    return HttpStatusClassifier.INSTANCE;
  }
}

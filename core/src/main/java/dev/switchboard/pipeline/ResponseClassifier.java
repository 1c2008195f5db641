package dev.switchboard.pipeline;

import dev.switchboard.errors.ServiceCallException;

/**
 * Decides whether a response is a success or which failure it is. The default maps HTTP statuses
 * (429, 4xx, 5xx) and pushback headers; see {@code dev.switchboard.internal.HttpStatusClassifier}.
 * Thread-safe, non-blocking.
 */
@FunctionalInterface
public interface ResponseClassifier {
  /** Null for success, otherwise the failure to report. */
  ServiceCallException classify(Response response);
}

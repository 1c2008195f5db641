package dev.switchboard.pipeline;

/**
 * Turns a successful {@link Response} into the caller's value (JSON to a record, say). Runs on a
 * transport thread inside the call; failures should be a
 * {@link dev.switchboard.errors.ProtocolException} naming the target type.
 *
 * @param <T> the decoded type
 */
@FunctionalInterface
public interface ResponseDecoder<T> {
  /** Decodes {@code response}. */
  T decode(Response response);
}

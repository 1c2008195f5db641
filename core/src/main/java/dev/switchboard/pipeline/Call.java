package dev.switchboard.pipeline;

import dev.switchboard.context.CallContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.CallDetails;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.time.Deadline;
import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One logical call across all its attempts, as filters see it ({@link Chain#call()}): read-only.
 * Its identity, deadline and context, the caller's {@link CallOptions}, and how far it got
 * (attempts so far, endpoints tried). What happens to one attempt (its number, whether it is a
 * hedge, its endpoint and its own deadline) is on {@link Attempt}, which only the transport sees.
 * The pipeline keeps the mutable state behind this view to itself, so no filter can end, count
 * or cancel another's attempts.
 *
 * <p><b>Threading:</b> thread-safe; every method may be called from any thread. Values that
 * change ({@link #attempts()}, {@link #tried()}, {@link #isFinished()}) are snapshots.
 */
public interface Call {
  /** The destination's service name. */
  String service();

  /** The request as the caller made it, before any filter changed it. */
  Request request();

  /** What the caller said about this call: idempotency, hash key, timeout. */
  CallOptions options();

  /** The ticker all of this call's timing reads. */
  Ticker ticker();

  /**
   * The effective deadline: the earliest of the client's timeout, this call's
   * {@linkplain CallOptions#timeout() timeout} and the inbound (ambient) deadline.
   */
  Optional<Deadline> deadline();

  /** Nanoseconds left before the deadline ({@link Long#MAX_VALUE} without one); allocation-free. */
  long remainingNanos();

  /** The outbound context: correlation id and trace for every attempt. */
  CallContext context();

  /** Identity for telemetry events and logs. */
  CallInfo info();

  /** Time since the call started. */
  Duration elapsed();

  /** Attempts sent (or being sent) so far. */
  int attempts();

  /** Endpoints this call has tried, oldest first, once per address; an immutable snapshot. */
  List<Endpoint> tried();

  /** True once the call has its result (or was cancelled); nothing more will be sent. */
  boolean isFinished();

  /** Service, method, path, last endpoint, attempts, elapsed and correlation id, for messages. */
  CallDetails details();
}

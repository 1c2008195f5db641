package dev.switchboard.grpc.internal;

import dev.switchboard.endpoint.Endpoint;
import io.grpc.CallOptions;
import java.util.List;

/**
 * What the attempts interceptor tells the picker and the context interceptor about one attempt:
 * its number, whether it is a hedge, and the endpoints the call already tried (to exclude). The
 * picker writes back the endpoint it chose, so the next attempt can exclude it.
 *
 * <p>Thread-safe: immutable except {@link #picked}, a volatile written by the picker (any thread)
 * and read by the interceptor after the attempt ends.
 */
public final class AttemptInfo {
  /** Where the attempt rides: a {@link CallOptions} key, visible to interceptors and the picker. */
  public static final CallOptions.Key<AttemptInfo> KEY = CallOptions.Key.create("switchboard.attempt");

  /** The cause of the status a hedge fails with when the picker had no unused endpoint for it. */
  static final Throwable HEDGE_NOT_SENT = new Throwable("no unused endpoint for a hedge", null, false, false) {};

  private final int number;
  private final boolean hedge;
  private final List<Endpoint> excluded;
  private volatile Endpoint picked;

  public AttemptInfo(int number, boolean hedge, List<Endpoint> excluded) {
    this.number = number;
    this.hedge = hedge;
    this.excluded = List.copyOf(excluded);
  }

  /** True when {@code status} says the picker did not send this hedge (no unused endpoint). */
  static boolean isHedgeNotSent(io.grpc.Status status) {
    return status.getCause() == HEDGE_NOT_SENT;
  }

  /** 1 for the first attempt. */
  public int number() {
    return number;
  }

  /** True for a hedged attempt. */
  public boolean hedge() {
    return hedge;
  }

  /** Endpoints not to pick. */
  public List<Endpoint> excluded() {
    return excluded;
  }

  /** The endpoint the picker chose last, or null when none was picked (yet). */
  public Endpoint picked() {
    return picked;
  }

  /** Called by the picker. */
  public void picked(Endpoint endpoint) {
    this.picked = endpoint;
  }
}

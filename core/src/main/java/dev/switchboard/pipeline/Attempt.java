package dev.switchboard.pipeline;

import dev.switchboard.context.CallContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.time.Deadline;
import java.util.Objects;
import java.util.Optional;

/**
 * One try of a call against one endpoint: what a {@link Transport} needs to send it. The
 * transport writes the wire headers from it (correlation id, a child {@code traceparent} with a
 * new span per attempt, the remaining time from {@link #deadline()}, the attempt number, the hedge
 * flag). Immutable; per-attempt facts live here and nowhere else (not on the request, not on the
 * call).
 */
public final class Attempt {
  private final Call call;
  private final int number;
  private final boolean hedge;
  private final Endpoint endpoint;
  private final CallContext context;
  private final boolean mayRunInline;

  /**
   * @param call the call this attempt belongs to
   * @param number 1 for the first attempt
   * @param hedge true for a hedged attempt
   * @param endpoint where it goes
   * @param context the outbound context: the call's ids with this attempt's child span, and this
   *     attempt's deadline
   * @param mayRunInline see {@link #mayRunInline()}
   */
  public Attempt(Call call, int number, boolean hedge, Endpoint endpoint, CallContext context, boolean mayRunInline) {
    this.call = Objects.requireNonNull(call, "call");
    this.number = number;
    this.hedge = hedge;
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.context = Objects.requireNonNull(context, "context");
    this.mayRunInline = mayRunInline;
  }

  /**
   * An attempt that may not run inline.
   *
   * @deprecated the pipeline builds attempts; use the six-argument constructor in tests
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public Attempt(Call call, int number, boolean hedge, Endpoint endpoint, CallContext context) {
    this(call, number, hedge, endpoint, context, false);
  }

  /** The call this attempt belongs to. */
  public Call call() {
    return call;
  }

  /** 1 for the first attempt, counting retries and hedges of the same call. */
  public int number() {
    return number;
  }

  /** True for a hedge: an extra copy sent while an earlier attempt may still answer. */
  public boolean hedge() {
    return hedge;
  }

  /** Where this attempt goes. */
  public Endpoint endpoint() {
    return endpoint;
  }

  /** The outbound context: the call's correlation id and trace, with this attempt's child span. */
  public CallContext context() {
    return context;
  }

  /**
   * This attempt's own deadline: the call's, or earlier under a per-attempt timeout. The
   * transport gives up at it and sends the time that remains of it downstream.
   */
  public Optional<Deadline> deadline() {
    Optional<Deadline> own = context.deadline(); // built on demand: most transports ask once, a no-op never
    return own.isPresent() ? own : call.deadline();
  }

  /**
   * True when the transport may run this attempt's exchange on the thread that calls
   * {@link Transport#send}, blocking it until the response is in, instead of handing it to an I/O
   * thread. The pipeline allows it only while a blocking caller's own thread, which would
   * otherwise just wait, is inside the call's synchronous part, and never for a call that may be
   * hedged (a losing attempt must stay cancellable from another thread). A transport that runs
   * inline must still end the exchange at {@link #deadline()} and abort it when the calling thread
   * is interrupted. Only meaningful during that {@code send} call; false on any other thread.
   */
  public boolean mayRunInline() {
    return mayRunInline;
  }

  @Override
  public String toString() {
    return "Attempt[" + number + (hedge ? " hedge" : "") + " -> " + endpoint.address() + "]";
  }
}

package dev.switchboard.grpc.internal;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.grpc.GrpcErrors;
import dev.switchboard.policy.OverloadSignal;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * The server call as the service sees it: echoes the correlation id ({@code x-request-id}) in the
 * response headers, or in the trailers of a trailers-only answer, and applies the cross-hop rule:
 * a failure answered while the request's {@link OverloadSignal} is marked (a downstream call made
 * for it ran out of attempts or budget) carries {@code grpc-retry-pushback-ms: -1}, so the callers
 * above do not retry.
 *
 * <p>Not thread-safe, like any {@link ServerCall}: the service calls it from one thread at a time.
 * {@link DeadlineBound} adds the locking needed when a timer may close the call too.
 */
public class InboundServerCall<ReqT, RespT> extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
  private final String correlationId;
  private final OverloadSignal signal;
  private boolean headersSent;

  public InboundServerCall(ServerCall<ReqT, RespT> call, String correlationId, OverloadSignal signal) {
    super(call);
    this.correlationId = correlationId;
    this.signal = signal;
  }

  @Override
  public void sendHeaders(Metadata headers) {
    headersSent = true;
    headers.discardAll(Headers.REQUEST_ID);
    headers.put(Headers.REQUEST_ID, correlationId);
    super.sendHeaders(headers);
  }

  @Override
  public void close(Status status, Metadata trailers) {
    if (!headersSent && !trailers.containsKey(Headers.REQUEST_ID)) {
      trailers.put(Headers.REQUEST_ID, correlationId); // trailers-only answer
    }
    if (!status.isOk() && signal.downstreamExhausted() && !trailers.containsKey(GrpcErrors.PUSHBACK_KEY)) {
      ErrorKind kind = GrpcErrors.kind(status.getCode());
      if (kind == ErrorKind.SERVER_ERROR || kind == ErrorKind.RATE_LIMITED) {
        trailers.put(GrpcErrors.PUSHBACK_KEY, "-1");
      }
    }
    super.close(status, trailers);
  }

  /**
   * For a call whose deadline is tighter than the caller's {@code grpc-timeout} (from
   * {@code x-request-timeout-ms} or the clamp): grpc-java does not know that deadline, so when it
   * passes, {@link #expire} closes the call with {@code DEADLINE_EXCEEDED} from a timer thread.
   * Every mutation is serialized by this object's monitor, and whatever the service sends after
   * that is dropped (the call is over for the caller too).
   */
  public static final class DeadlineBound<ReqT, RespT> extends InboundServerCall<ReqT, RespT> {
    private boolean closed;

    public DeadlineBound(ServerCall<ReqT, RespT> call, String correlationId, OverloadSignal signal) {
      super(call, correlationId, signal);
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
      if (!closed) {
        super.sendHeaders(headers);
      }
    }

    @Override
    public synchronized void sendMessage(RespT message) {
      if (!closed) {
        super.sendMessage(message);
      }
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (!closed) {
        closed = true;
        super.close(status, trailers);
      }
    }

    /** Closes the call with {@code DEADLINE_EXCEEDED} unless the service already closed it. */
    public void expire(String description) {
      close(Status.DEADLINE_EXCEEDED.withDescription(description), new Metadata());
    }
  }
}

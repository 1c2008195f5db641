package dev.switchboard.grpc.internal;

import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Response;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One attempt of a {@link BufferedCall} on the wire: the grpc-java call it made and the listener
 * of that call. Its {@link #outcome} is what the pipeline waits on: it completes with a
 * {@link Response} when the attempt commits (first response header or message, or a clean close:
 * gRFC A6's commit point, after which a server-streaming call is never re-sent), or with the
 * failure {@link GrpcTransport#classify} makes of its status. Everything the server sends is passed
 * to the owning call, which delivers it to the caller only if this attempt wins.
 *
 * <p><b>Threading:</b> grpc-java calls the listener methods one at a time. {@link #call} and
 * {@link #buffered} are confined to the owning call's serial executor; {@link #status},
 * {@link #trailers} and {@link #failure} are written before {@link #outcome} completes and read
 * after it did.
 */
final class AttemptStream<RespT> extends ClientCall.Listener<RespT> {
  private static final byte[] NO_BODY = new byte[0];

  final Attempt attempt;
  final CallOptions options;
  final Metadata headers;
  final CompletableFuture<Response> outcome = new CompletableFuture<>();
  private final BufferedCall<?, RespT> owner;
  private final GrpcTransport transport;
  /** The response this attempt committed with, or null. */
  volatile Response response;
  /** The order in which attempts committed, 1 for the first; 0 until this one does. */
  volatile int commitOrder;
  ClientCall<?, RespT> call;
  List<Runnable> buffered = new ArrayList<>(3);
  Status status;
  Metadata trailers;
  ServiceCallException failure;

  AttemptStream(BufferedCall<?, RespT> owner, GrpcTransport transport, Attempt attempt, CallOptions options,
      Metadata headers) {
    this.owner = owner;
    this.transport = transport;
    this.attempt = attempt;
    this.options = options;
    this.headers = headers;
    outcome.whenComplete((r, e) -> {
      if (outcome.isCancelled()) {
        owner.cancelOnWire(this); // a hedge that lost, or the call ended: the server sees CANCELLED
      }
    });
  }

  private void commit() {
    if (!outcome.isDone()) {
      Response r = new Response(200, Map.of(), NO_BODY, attempt.endpoint()); // gRPC answers ride on HTTP/2 200
      response = r;
      commitOrder = owner.nextCommitOrder();
      if (!outcome.complete(r)) {
        response = null;
      }
    }
  }

  @Override
  public void onHeaders(Metadata headers) {
    commit();
    owner.deliver(this, l -> l.onHeaders(headers));
  }

  @Override
  public void onMessage(RespT message) {
    commit();
    owner.deliver(this, l -> l.onMessage(message));
  }

  @Override
  public void onReady() {
    owner.deliver(this, ClientCall.Listener::onReady);
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    if (status.isOk()) {
      commit();
      owner.deliverClose(this, status, trailers);
      return;
    }
    if (outcome.isDone() && !outcome.isCompletedExceptionally()) {
      owner.deliverClose(this, status, trailers); // committed: the caller gets the status as it came
      return;
    }
    ServiceCallException f = transport.classify(attempt, status, trailers);
    this.status = status;
    this.trailers = trailers;
    this.failure = f;
    if (f != null) {
      outcome.completeExceptionally(f);
    } // else the pipeline's deadline, a margin away, ends the attempt and the call
  }

  @Override
  public String toString() {
    return "AttemptStream[" + attempt + "]";
  }
}

package dev.switchboard.grpc.internal;

import dev.switchboard.grpc.GrpcErrors;
import dev.switchboard.pipeline.Response;
import dev.switchboard.spi.SerialExecutor;
import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A unary or server-streaming call as its caller sees it, run through the call pipeline: the
 * caller's start, message and half-close are buffered here (the replay buffer, one per call), the
 * pipeline then sends attempts ({@link GrpcTransport} hands each to {@link #launch}), and the
 * attempt the pipeline settles on is the one whose responses reach the caller's listener.
 *
 * <p>Why the buffer is this object rather than bytes in {@code Request.body()}: each attempt sends
 * the caller's own message object through the method's marshaller, so a protobuf message is
 * serialized straight into the transport's buffers, once per attempt, with no copy of ours.
 *
 * <p><b>Threading.</b> Everything after the half-close (starting attempts, forwarding flow
 * control, delivering events to the caller, cancelling) runs on one {@link SerialExecutor}, so the
 * state below needs no lock and no monitor is held while calling grpc-java or the listener (the
 * discipline of grpc-java's {@code RetriableStream}). When the caller's {@code CallOptions} name
 * an executor (a blocking stub's), the queue drains on it, so the listener is only ever called
 * there. Attempt callbacks already run on that executor and drain in place.
 */
final class BufferedCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {
  private final MethodDescriptor<ReqT, RespT> method;
  private final CallOptions callOptions;
  private final Channel next;
  private final Context grpcContext = Context.current();
  private final SerialExecutor serial;
  private final Function<BufferedCall<ReqT, RespT>, CompletableFuture<Response>> pipeline;
  private final AtomicInteger commits = new AtomicInteger();
  // Set by the caller before halfClose(); read by attempts after it.
  private Listener<RespT> listener;
  private Metadata headers;
  private ReqT message;
  private volatile CompletableFuture<Response> result;
  private volatile AttemptStream<RespT> winner;
  // Confined to the serial executor (requested: to the caller's thread until the half-close).
  private final List<AttemptStream<RespT>> attempts = new ArrayList<>(2);
  private int requested;
  private boolean closed;

  /** @param pipeline runs this call through the pipeline: the future of its winning attempt's response */
  BufferedCall(MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next,
      Function<BufferedCall<ReqT, RespT>, CompletableFuture<Response>> pipeline) {
    this.method = method;
    this.callOptions = callOptions;
    this.next = next;
    this.pipeline = pipeline;
    this.serial = new SerialExecutor(callOptions.getExecutor());
  }

  MethodDescriptor<ReqT, RespT> method() {
    return method;
  }

  CallOptions callOptions() {
    return callOptions;
  }

  Channel channel() {
    return next;
  }

  Metadata headers() {
    return headers;
  }

  @Override
  public void start(Listener<RespT> responseListener, Metadata headers) {
    this.listener = responseListener;
    this.headers = headers;
  }

  @Override
  public void request(int numMessages) {
    if (result == null) {
      requested += numMessages; // before the half-close nothing is on the wire yet: the caller's thread
      return;
    }
    serial.execute(() -> {
      requested += numMessages;
      AttemptStream<RespT> w = winner;
      for (AttemptStream<RespT> a : attempts) {
        if (w == null || a == w) {
          a.call.request(numMessages);
        }
      }
    });
  }

  @Override
  public void sendMessage(ReqT message) {
    if (this.message != null) {
      throw new IllegalStateException(method.getType() + " calls send one message");
    }
    this.message = message;
  }

  @Override
  public void halfClose() {
    CompletableFuture<Response> r;
    try {
      r = pipeline.apply(this);
    } catch (RuntimeException e) {
      r = CompletableFuture.failedFuture(e);
    }
    result = r;
    r.whenComplete((response, error) -> serial.execute(() -> settle(response, error)));
  }

  @Override
  public void cancel(String message, Throwable cause) {
    serial.execute(() -> {
      if (closed) {
        return;
      }
      AttemptStream<RespT> w = winner;
      if (w != null) {
        w.call.cancel(message, cause); // its CANCELLED close reaches the caller
        return;
      }
      CompletableFuture<Response> r = result;
      if (r != null) {
        r.cancel(true); // the pipeline cancels its attempts in flight
      }
      close(Status.CANCELLED.withDescription(message).withCause(cause), new Metadata());
    });
  }

  @Override
  public boolean isReady() {
    AttemptStream<RespT> w = winner;
    return w == null || w.call.isReady();
  }

  @Override
  public Attributes getAttributes() {
    AttemptStream<RespT> w = winner;
    return w == null ? Attributes.EMPTY : w.call.getAttributes();
  }

  /** Starts {@code attempt} on the wire (in order, on the serial executor); returns its outcome. */
  CompletableFuture<Response> launch(AttemptStream<RespT> attempt) {
    serial.execute(() -> begin(attempt));
    return attempt.outcome;
  }

  private void begin(AttemptStream<RespT> a) {
    if (a.outcome.isDone()) {
      return; // cancelled before it could start
    }
    if (closed || winner != null) {
      a.outcome.cancel(true);
      return;
    }
    Context previous = grpcContext.attach(); // the caller's cancellation and deadline reach every attempt
    try {
      ClientCall<ReqT, RespT> c = next.newCall(method, a.options);
      a.call = c;
      attempts.add(a);
      c.start(a, a.headers);
      if (requested > 0) {
        c.request(requested);
      }
      if (message != null) {
        c.sendMessage(message);
      }
      c.halfClose();
    } catch (RuntimeException e) {
      a.outcome.completeExceptionally(GrpcErrors.toException(Status.fromThrowable(e), null));
    } finally {
      grpcContext.detach(previous);
    }
  }

  /** Cancels {@code a} on the wire (a lost hedge, or the call ended): the server sees CANCELLED. */
  void cancelOnWire(AttemptStream<RespT> a) {
    serial.execute(() -> {
      if (a.call != null && a != winner) {
        a.call.cancel("another attempt answered first, or the call ended", null);
      }
    });
  }

  int nextCommitOrder() {
    return commits.incrementAndGet();
  }

  /** An event of attempt {@code a} for the caller: delivered if {@code a} won, held until the pipeline decides. */
  void deliver(AttemptStream<RespT> a, Consumer<Listener<RespT>> event) {
    serial.executeHere(() -> {
      if (closed) {
        return;
      }
      if (a == winner) {
        event.accept(listener);
      } else if (winner == null && a.buffered != null) {
        a.buffered.add(() -> event.accept(listener));
      }
    });
  }

  void deliverClose(AttemptStream<RespT> a, Status status, Metadata trailers) {
    deliver(a, l -> close(status, trailers));
  }

  private void close(Status status, Metadata trailers) {
    if (!closed) {
      closed = true;
      listener.onClose(status, trailers);
    }
  }

  /** The pipeline decided: the caller gets the winner's responses, or the failure. */
  private void settle(Response response, Throwable error) {
    if (closed) {
      return;
    }
    if (error == null) {
      AttemptStream<RespT> w = winnerOf(response);
      if (w == null) {
        FilterAnswer.deliver(response, method, listener);
        closed = true;
        return;
      }
      winner = w;
      for (AttemptStream<RespT> a : attempts) {
        if (a != w) {
          a.call.cancel("another attempt answered first", null);
        }
      }
      List<Runnable> held = w.buffered;
      w.buffered = null;
      held.forEach(Runnable::run);
      return;
    }
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    AttemptStream<RespT> failed = null;
    for (AttemptStream<RespT> a : attempts) {
      a.call.cancel("the call ended", null);
      if (a.failure != null && a.failure == cause) {
        failed = a;
      }
    }
    if (failed != null) { // the caller sees the server's own status, and why it was not retried
      String refusal = failed.failure.retryRefusal().orElse(null);
      close(refusal == null ? failed.status : failed.status.augmentDescription("not retried: " + refusal),
          failed.trailers);
    } else {
      close(GrpcErrors.toStatus(cause), new Metadata());
    }
  }

  /**
   * The attempt whose response the pipeline returned; if a filter rebuilt the response, the first
   * attempt that committed; null when no attempt did (a filter answered the call itself).
   */
  private AttemptStream<RespT> winnerOf(Response response) {
    AttemptStream<RespT> first = null;
    for (AttemptStream<RespT> a : attempts) {
      if (a.response == response) {
        return a;
      }
      if (a.commitOrder > 0 && a.response != null && (first == null || a.commitOrder < first.commitOrder)) {
        first = a;
      }
    }
    return first;
  }

  @Override
  public String toString() {
    return "BufferedCall[" + method.getFullMethodName() + "]";
  }
}

package dev.switchboard.http.internal;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a body up to {@code maxBytes}. The moment the limit would be exceeded it cancels the
 * subscription (which aborts the exchange) and fails with {@code RESPONSE_TOO_LARGE}: an
 * oversized body is never buffered whole.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
  private final long maxBytes;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream buffer;
  private volatile Flow.Subscription subscription;
  private long received;

  BoundedBodySubscriber(long maxBytes, long contentLength) {
    this.maxBytes = maxBytes;
    int initial = contentLength > 0 && contentLength <= maxBytes ? (int) Math.min(contentLength, 1 << 20) : 512;
    this.buffer = new ByteArrayOutputStream(initial);
  }

  static BoundedBodySubscriber tooLargeUpFront(long maxBytes, long contentLength) {
    BoundedBodySubscriber s = new BoundedBodySubscriber(maxBytes, 0);
    s.result.completeExceptionally(tooLarge(maxBytes, "Content-Length " + contentLength));
    return s;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    this.subscription = s; // then checked: an abort() that ran before this sees it or is seen here
    if (result.isDone()) {
      s.cancel();
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      received += b.remaining();
      if (received > maxBytes) {
        // Fail first, then cancel: cancelling can make the JDK fail the exchange at once, and
        // that failure (a closed connection) must not win the race and be retried.
        result.completeExceptionally(tooLarge(maxBytes, "more than " + maxBytes + " bytes received"));
        subscription.cancel();
        return;
      }
      if (b.hasArray()) {
        buffer.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
      } else {
        byte[] copy = new byte[b.remaining()];
        b.get(copy);
        buffer.write(copy, 0, copy.length);
      }
    }
  }

  /**
   * Fails the body with {@code reason} (unless it already ended) and cancels the subscription, so
   * the JDK stops reading and a blocking {@code send} waiting for the body returns. Any thread.
   */
  void abort(Throwable reason) {
    result.completeExceptionally(reason);
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(buffer.toByteArray());
  }

  private static ProtocolException tooLarge(long max, String what) {
    return new ProtocolException(ErrorKind.RESPONSE_TOO_LARGE,
        "response body exceeds the limit of " + max + " bytes (" + what + ")", null);
  }
}

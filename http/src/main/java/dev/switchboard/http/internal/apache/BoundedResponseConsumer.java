package dev.switchboard.http.internal.apache;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.pipeline.Response;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Collects an async response's body up to a limit. A declared length over the limit fails at the
 * head; an undeclared body fails the moment one byte more than the limit arrives, by throwing
 * inside HttpClient, which aborts the exchange (closing an HTTP/1.1 connection, resetting an
 * HTTP/2 stream). So no more than the limit is ever buffered. Records whether the head arrived,
 * which tells a broken body from a connection that never answered. Called by one I/O thread at a
 * time; {@link #headReceived()} may be read from any thread.
 */
final class BoundedResponseConsumer implements AsyncResponseConsumer<Response> {
  private static final byte[] EMPTY = new byte[0];

  private final long maxBytes;
  private final Endpoint endpoint;
  private volatile boolean headReceived;
  private HttpResponse head;
  private FutureCallback<Response> callback;
  private byte[] buf;
  private int size;

  BoundedResponseConsumer(long maxBytes, Endpoint endpoint) {
    this.maxBytes = maxBytes;
    this.endpoint = endpoint;
  }

  boolean headReceived() {
    return headReceived;
  }

  @Override
  public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
      FutureCallback<Response> resultCallback) throws BodyTooLargeException {
    headReceived = true;
    if (entity == null) {
      resultCallback.completed(new Response(response.getCode(), ResponseHeaders.of(response), EMPTY, endpoint));
      return;
    }
    long declared = entity.getContentLength();
    if (declared > maxBytes) {
      throw new BodyTooLargeException(maxBytes, "Content-Length " + declared);
    }
    this.head = response;
    this.callback = resultCallback;
    this.buf = declared >= 0 ? new byte[(int) declared] : new byte[(int) Math.min(1024, maxBytes + 1)];
  }

  @Override
  public void informationResponse(HttpResponse response, HttpContext context) {
    // 1xx answers are not the response; wait for the final one.
  }

  @Override
  public void updateCapacity(CapacityChannel capacityChannel) throws java.io.IOException {
    capacityChannel.update(Integer.MAX_VALUE); // the limit is enforced in consume(), not by flow control
  }

  @Override
  public void consume(ByteBuffer src) throws BodyTooLargeException {
    int n = src.remaining();
    if ((long) size + n > maxBytes) {
      throw new BodyTooLargeException(maxBytes, "more than " + maxBytes + " bytes received");
    }
    if (size + n > buf.length) {
      buf = Arrays.copyOf(buf, (int) Math.min(Math.max((long) buf.length * 2, size + n), maxBytes));
    }
    src.get(buf, size, n);
    size += n;
  }

  @Override
  public void streamEnd(List<? extends Header> trailers) {
    byte[] body = size == buf.length ? buf : Arrays.copyOf(buf, size);
    callback.completed(new Response(head.getCode(), ResponseHeaders.of(head), body, endpoint));
  }

  @Override
  public void failed(Exception cause) {
    // The exchange reports the failure to its own callback; nothing is held here to clean up.
  }

  @Override
  public void releaseResources() {
    buf = null;
  }
}

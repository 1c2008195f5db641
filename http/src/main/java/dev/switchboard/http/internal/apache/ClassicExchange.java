package dev.switchboard.http.internal.apache;

import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.internal.AttemptFailures;
import dev.switchboard.http.internal.ExchangeTimer;
import dev.switchboard.http.internal.OutboundRequest;
import dev.switchboard.pipeline.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;

/**
 * One exchange on Apache HttpClient's classic (blocking) client, run on the calling thread: a
 * blocking caller's own thread does the I/O instead of waiting for another to. The attempt's
 * deadline is enforced by a timer that closes the connection, so a server that drips its body one
 * byte at a time (resetting every read timeout) still cannot hold the caller past it; the same
 * timer aborts the exchange when the caller's thread is interrupted (within 50 ms), since a
 * blocking socket read does not notice an interrupt; and the pipeline aborts it from another
 * thread through the attempt's abort hook ({@code Attempt.onAbort}) when it loses to a hedge. The body is read up to the limit and no
 * further. Stateless.
 */
final class ClassicExchange {
  private static final byte[] EMPTY = new byte[0];
  private static final int UNKNOWN_LENGTH_START = 1024;

  private ClassicExchange() {}

  /** Runs the exchange to the end; the response, or a {@link ServiceCallException}. */
  static Response run(CloseableHttpClient client, RequestConfig requestConfig, HttpHost host, OutboundRequest out,
      long maxBytes) {
    CancellableRequest request = new CancellableRequest(out.method(), host, out.target(), requestConfig);
    for (int i = 0; i < out.headerCount(); i++) {
      request.addHeader(out.headerName(i), out.headerValue(i));
    }
    if (out.body() != null) {
      request.setEntity(new ByteArrayEntity(out.body(), null)); // Content-Type is among the headers
    }
    // The pipeline aborts from another thread (a hedge won, the call ended) by cancelling the
    // request, which closes its connection at whatever stage it is: the server sees the abort.
    Abort abort = new Abort(request);
    if (!out.attempt().onAbort(abort)) {
      throw AttemptFailures.cancelled(out.attempt(), null); // aborted before it started: nothing sent
    }
    // The caller's thread blocks in socket reads, which ignore interrupts: the timer watches for one.
    ExchangeTimer timer = ExchangeTimer.watching(out, request);
    ClassicHttpResponse response = null;
    try {
      response = client.executeOpen(host, request, null);
      byte[] body = readBody(response.getEntity(), maxBytes);
      Response result = new Response(response.getCode(), ResponseHeaders.of(response), body,
          out.attempt().endpoint());
      response.close(); // the body was read to its end: the connection goes back to the pool
      return result;
    } catch (IOException | RuntimeException e) {
      abort(response);
      throw ApacheFailures.map(e, out, response != null, timer.fired(), timer.interrupted() || abort.ran);
    } finally {
      timer.cancel();
    }
  }

  /** The pipeline's abort of an inline exchange; remembers it ran, so the failure reads as cancelled. */
  private static final class Abort implements Runnable {
    private final CancellableRequest request;
    private volatile boolean ran;

    Abort(CancellableRequest request) {
      this.request = request;
    }

    @Override
    public void run() {
      ran = true;
      request.cancel(); // after the exchange ended a no-op: its connection is back in the pool, not ours
    }
  }

  /** The body, read to its end; fails the moment it would pass {@code maxBytes}. */
  private static byte[] readBody(HttpEntity entity, long maxBytes) throws IOException {
    if (entity == null) {
      return EMPTY;
    }
    long declared = entity.getContentLength();
    if (declared > maxBytes) {
      throw new BodyTooLargeException(maxBytes, "Content-Length " + declared);
    }
    // Not closed here on failure: closing a body stream reads it to its end (to reuse the
    // connection), which is exactly what a too-large or dripping body must not get. The caller
    // either closes the response after a complete read or aborts it.
    InputStream in = entity.getContent();
    if (declared >= 0) {
      // A body shorter than declared fails inside HttpClient (premature end of body).
      byte[] body = in.readNBytes((int) declared);
      // Reading the end of the stream lets HttpClient hand the connection back to the pool now,
      // as EntityUtils does, rather than when the response is closed (a slower path).
      if (in.read() >= 0) {
        throw new java.io.IOException("more bytes than the declared Content-Length " + declared);
      }
      return body;
    }
    return readUnknownLength(in, maxBytes);
  }

  private static byte[] readUnknownLength(InputStream in, long maxBytes) throws IOException {
    byte[] buf = new byte[(int) Math.min(UNKNOWN_LENGTH_START, maxBytes + 1)];
    int size = 0;
    while (true) {
      if (size == buf.length) {
        if (size > maxBytes) {
          throw new BodyTooLargeException(maxBytes, "more than " + maxBytes + " bytes received");
        }
        // Grow, but never past limit + 1: that one byte more proves the body is too large.
        buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxBytes + 1));
      }
      int n = in.read(buf, size, buf.length - size);
      if (n < 0) {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
      }
      size += n;
    }
  }

  /** Drops the connection without reading what is left of the body (which closing would do). */
  private static void abort(ClassicHttpResponse response) {
    if (response instanceof ModalCloseable closeable) {
      closeable.close(CloseMode.IMMEDIATE);
    } else if (response != null) {
      try {
        response.close();
      } catch (IOException ignored) {
        // the connection is unusable either way
      }
    }
  }
}

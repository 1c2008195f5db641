package dev.switchboard.testing.internal;

import dev.switchboard.testing.Reply;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one accepted socket: reads requests in a keep-alive loop and plays each one's
 * {@link Reply}. Whenever it waits (delay, latency, never-answer, drip interval) it polls the
 * socket, so a client that closes or resets is noticed within about one poll interval and the
 * exchange is reported as aborted. Runs on its own thread; not thread-safe.
 */
public final class HttpConnection implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);
  /** Far beyond any test, but keeps the keep-alive loop bounded. */
  private static final int MAX_REQUESTS_PER_CONNECTION = 10_000_000;

  private enum Outcome { KEEP_OPEN, CLOSE, ABORTED }

  private final Socket socket;
  private final long id;
  private final ExchangeHandler handler;
  private final ConnectionSettings settings;
  private final BooleanSupplier serverClosing;
  private final Runnable onClosed;
  private ConnectionInput in;

  public HttpConnection(Socket socket, long id, ExchangeHandler handler,
      ConnectionSettings settings, BooleanSupplier serverClosing, Runnable onClosed) {
    this.socket = socket;
    this.id = id;
    this.handler = handler;
    this.settings = settings;
    this.serverClosing = serverClosing;
    this.onClosed = onClosed;
  }

  @Override
  public void run() {
    try (Socket s = socket) {
      s.setTcpNoDelay(true);
      in = new ConnectionInput(s);
      OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
      for (int served = 0; served < MAX_REQUESTS_PER_CONNECTION; served++) {
        ParsedRequest request;
        try {
          request = RequestReader.read(in, out, settings.maxRequestBodyBytes());
        } catch (BadRequestException e) {
          ResponseWriter.writeError(out, e.status(), e.getMessage());
          return;
        }
        if (request == null) {
          return; // the client closed between requests: the normal end of keep-alive
        }
        ExchangeHandler.Dispatch dispatch = handler.dispatch(request, id);
        Outcome outcome;
        try {
          outcome = play(dispatch.reply(), request, out);
        } catch (IOException e) {
          if (serverClosing.getAsBoolean()) {
            return;
          }
          log.debug("connection {}: client went away during {} {}: {}", id, request.method(),
              request.path(), e.toString());
          outcome = Outcome.ABORTED;
        }
        if (outcome == Outcome.ABORTED) {
          dispatch.onAbort().run();
          return;
        }
        if (outcome == Outcome.CLOSE) {
          if (!s.isClosed()) {
            s.shutdownOutput(); // FIN after the last byte, so the client reads the whole answer
          }
          return;
        }
      }
    } catch (IOException e) {
      if (!serverClosing.getAsBoolean()) {
        log.debug("connection {} ended: {}", id, e.toString());
      }
    } catch (RuntimeException e) {
      log.warn("connection {} failed", id, e);
    } finally {
      onClosed.run();
    }
  }

  private Outcome play(Reply reply, ParsedRequest request, OutputStream out) throws IOException {
    Duration wait = reply.delay();
    if (reply.latency() != null) {
      wait = wait.plus(reply.latency().next());
    }
    if (!peerStaysFor(wait)) {
      return Outcome.ABORTED;
    }
    switch (reply.mode()) {
      case CLOSE_WITHOUT_ANSWER:
        socket.close();
        return Outcome.CLOSE;
      case RESET_CONNECTION:
        socket.setSoLinger(true, 0);
        socket.close();
        return Outcome.CLOSE;
      case NEVER_ANSWER:
        return peerStaysFor(settings.neverAnswerLimit()) ? Outcome.CLOSE : Outcome.ABORTED;
      case RAW:
        return writeRaw(reply, out);
      case RESPOND:
      default:
        return respond(reply, request, out);
    }
  }

  private Outcome respond(Reply reply, ParsedRequest request, OutputStream out)
      throws IOException {
    ResponseWriter.Head head = ResponseWriter.writeHead(out, reply, request);
    long length = head.sendBody() ? reply.bodyLength() : 0;
    byte[] bytes = reply.isGeneratedBody() ? null : reply.bodyBytes();
    BodyWrite write = head.chunked() ? ResponseWriter::writeChunk : ResponseWriter::writeBody;
    if (!writeDripping(out, bytes, length, reply, write)) {
      return Outcome.ABORTED;
    }
    if (head.chunked()) {
      ResponseWriter.endChunks(out);
      out.flush();
    }
    return head.close() ? Outcome.CLOSE : Outcome.KEEP_OPEN;
  }

  /** The raw bytes of a {@link Reply.Mode#RAW} reply, dripped if scripted; then the close. */
  private Outcome writeRaw(Reply reply, OutputStream out) throws IOException {
    byte[] bytes = reply.bodyBytes();
    return writeDripping(out, bytes, bytes.length, reply, ResponseWriter::writeBody)
        ? Outcome.CLOSE : Outcome.ABORTED;
  }

  /** Writes a body at once or drip by drip; false when the client went away meanwhile. */
  private boolean writeDripping(OutputStream out, byte[] bytes, long length, Reply reply,
      BodyWrite write) throws IOException {
    int chunk = reply.dripChunkBytes();
    if (chunk == 0 || length == 0) {
      write.write(out, bytes, 0, length);
      out.flush();
      return true;
    }
    out.flush();
    for (long offset = 0; offset < length; offset += chunk) {
      long n = Math.min(chunk, length - offset);
      write.write(out, bytes, offset, n);
      out.flush();
      if (offset + n < length && !peerStaysFor(reply.dripInterval())) {
        return false;
      }
    }
    return true;
  }

  /** One piece of a body: plain bytes, or one chunk of a chunked body. */
  @FunctionalInterface
  private interface BodyWrite {
    void write(OutputStream out, byte[] bytes, long offset, long length) throws IOException;
  }

  /**
   * Waits {@code duration} while watching the socket: true if the client was still there at the
   * end, false as soon as it closed or reset. Throws when the server closes meanwhile.
   */
  private boolean peerStaysFor(Duration duration) throws IOException {
    if (duration.isZero()) {
      return true;
    }
    long pollMillis = Math.max(1, settings.abortPollInterval().toMillis());
    long deadline = System.nanoTime() + saturatedNanos(duration);
    while (true) {
      if (serverClosing.getAsBoolean()) {
        throw new SocketException("server is closing");
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return true;
      }
      long remainingMillis = (remaining + 999_999) / 1_000_000;
      if (in.peerClosedWithin((int) Math.min(pollMillis, remainingMillis))) {
        return false;
      }
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }
}

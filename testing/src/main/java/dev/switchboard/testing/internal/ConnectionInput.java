package dev.switchboard.testing.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The read side of one server connection: a growable buffer over the socket that can also watch
 * for the peer going away without losing bytes that arrive meanwhile (a pipelined request stays in
 * the buffer for the next read). Used by one connection thread only; not thread-safe.
 */
public final class ConnectionInput {
  /** How far ahead of the parser we buffer while watching; beyond that we only sleep. */
  private static final int MAX_BUFFER = 1 << 20;

  private final Socket socket;
  private final InputStream in;
  private byte[] buf = new byte[16 * 1024];
  private int pos;
  private int limit;

  public ConnectionInput(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  /** One byte, or -1 at end of stream. */
  public int read() throws IOException {
    if (pos == limit && fill() < 0) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  /**
   * One line without its CRLF (or bare LF), decoded as ISO-8859-1; null at end of stream before
   * any byte. Fails with {@link BadRequestException} when longer than {@code maxLength}.
   */
  public String readLine(int maxLength) throws IOException, BadRequestException {
    int scanned = 0;
    while (true) {
      for (int i = pos + scanned; i < limit; i++) {
        if (buf[i] == '\n') {
          int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
          String line = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
          pos = i + 1;
          return line;
        }
      }
      scanned = limit - pos;
      if (scanned > maxLength) {
        throw new BadRequestException(431, "line longer than " + maxLength + " bytes");
      }
      if (fill() < 0) {
        if (scanned == 0) {
          return null;
        }
        throw new EOFException("connection closed in the middle of a line");
      }
    }
  }

  /** Reads exactly {@code length} bytes into {@code dst} at {@code offset}. */
  public void readFully(byte[] dst, int offset, int length) throws IOException {
    int done = 0;
    while (done < length) {
      if (pos == limit && fill() < 0) {
        throw new EOFException("connection closed after " + done + " of " + length + " body bytes");
      }
      int n = Math.min(length - done, limit - pos);
      System.arraycopy(buf, pos, dst, offset + done, n);
      pos += n;
      done += n;
    }
  }

  /**
   * Waits up to {@code timeoutMillis} for the peer to close or reset the connection and says
   * whether it did. Bytes that arrive meanwhile are kept for later reads. Throws when the socket
   * was closed on our side (the server is shutting down).
   */
  public boolean peerClosedWithin(int timeoutMillis) throws IOException {
    if (pos == 0 && limit == buf.length && buf.length >= MAX_BUFFER) {
      // The client flooded us with pipelined bytes; we cannot look past them, so just wait.
      sleep(timeoutMillis);
      return false;
    }
    try {
      socket.setSoTimeout(Math.max(1, timeoutMillis));
      return fill() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      if (socket.isClosed()) {
        throw e;
      }
      return true; // connection reset by the peer
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout(0);
      }
    }
  }

  /** Reads more bytes into the buffer: the count read, 0 when the buffer is full, -1 at EOF. */
  private int fill() throws IOException {
    if (pos == limit) {
      pos = 0;
      limit = 0;
    } else if (limit == buf.length) {
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        limit -= pos;
        pos = 0;
      } else if (buf.length < MAX_BUFFER) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      } else {
        return 0;
      }
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n > 0) {
      limit += n;
    }
    return n;
  }

  private static void sleep(int millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting");
    }
  }
}

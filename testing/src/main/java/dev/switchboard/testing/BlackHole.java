package dev.switchboard.testing;

import dev.switchboard.endpoint.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port that swallows connection attempts: connects to it neither succeed nor fail, they
 * hang until the client's own timeout, as when a host black-holes packets (a firewall dropping SYNs,
 * a dead machine behind a stale route). No root or packet filter needed: it is a listener that never
 * accepts, with its accept queue filled at start (Linux then drops further SYNs, and the client keeps
 * retransmitting them).
 *
 * <pre>{@code
 * try (BlackHole hole = BlackHole.start()) {
 *   String target = replicas.staticTarget() + "," + hole.endpointAddress();
 * }
 * }</pre>
 *
 * <p>Thread-safe; {@link #close()} frees the port (clients then see it refused).
 */
public final class BlackHole implements AutoCloseable {
  /** Bound on the connections used to fill the accept queue. */
  private static final int MAX_FILL = 16;

  private final ServerSocket listener;
  private final List<Socket> filling = new ArrayList<>();

  private BlackHole() throws IOException {
    listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 1);
    int timedOut = 0;
    for (int i = 0; i < MAX_FILL && timedOut < 2; i++) {
      Socket s = new Socket();
      try {
        s.connect(listener.getLocalSocketAddress(), 250);
        filling.add(s);
        timedOut = 0;
      } catch (SocketTimeoutException full) {
        s.close();
        timedOut++; // twice in a row: the queue is full (once could be a slow, loaded machine)
      }
    }
    if (timedOut == 2) {
      return; // from now on every connect hangs
    }
    close();
    throw new IOException("the accept queue of " + listener.getLocalSocketAddress() + " never filled");
  }

  /** Starts a black hole on a free loopback port. */
  public static BlackHole start() {
    try {
      return new BlackHole();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** {@code 127.0.0.1:PORT}, as used in {@code static:} targets. */
  public String endpointAddress() {
    return "127.0.0.1:" + port();
  }

  /** This port as a core {@link Endpoint}. */
  public Endpoint endpoint() {
    return Endpoint.of("127.0.0.1", port());
  }

  @Override
  public void close() {
    for (Socket s : filling) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing a test fixture: nothing to do
      }
    }
    try {
      listener.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  @Override
  public String toString() {
    return "BlackHole{" + endpointAddress() + "}";
  }
}

package dev.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP forwarder that a test can cut: clients connect to {@link #address()} and every
 * connection is relayed to the target. {@link #stop()} closes the listener and every relayed
 * connection, so the client sees its connections drop and new ones refused, exactly as when a
 * network path goes away, while the server behind keeps running (and can be changed behind the
 * client's back). {@link #resume()} listens on the same port again.
 *
 * <pre>{@code
 * try (TcpForwarder link = TcpForwarder.start("127.0.0.1", etcd.clientPort())) {
 *   String target = "etcd://" + link.address() + "/services/users";
 *   link.stop();     // cut off
 *   link.resume();   // reconnected
 * }
 * }</pre>
 *
 * <p>Only loopback targets are accepted. Each relayed connection uses two daemon threads; at most
 * {@value #MAX_CONNECTIONS} are relayed at once (more are closed right after accept). Thread-safe.
 */
public final class TcpForwarder implements AutoCloseable {
  /** Bound on concurrently relayed connections. */
  public static final int MAX_CONNECTIONS = 64;

  private final InetSocketAddress target;
  private final int port;
  private final List<Socket> open = new ArrayList<>(); // guarded by this
  private final AtomicLong accepted = new AtomicLong();
  private ServerSocket listener; // guarded by this
  private Thread acceptor; // guarded by this
  private long resumedAtNanos; // guarded by this

  private TcpForwarder(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = bind(0);
    this.port = listener.getLocalPort();
    this.resumedAtNanos = System.nanoTime();
    this.acceptor = acceptLoop(listener);
  }

  /**
   * Starts forwarding a free port on 127.0.0.1 to {@code host:port}.
   *
   * @throws IllegalArgumentException if {@code host} is not a loopback address
   */
  public static TcpForwarder start(String host, int port) {
    Objects.requireNonNull(host, "host");
    try {
      InetAddress address = InetAddress.getByName(host);
      if (!address.isLoopbackAddress()) {
        throw new IllegalArgumentException("TcpForwarder only forwards to loopback addresses, not " + host);
      }
      return new TcpForwarder(new InetSocketAddress(address, port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The local port clients connect to; the same across {@link #stop()} and {@link #resume()}. */
  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:port}, for a target's authority. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** Connections accepted so far. */
  public long acceptedConnections() {
    return accepted.get();
  }

  /** True while listening. */
  public synchronized boolean isForwarding() {
    return listener != null;
  }

  /** {@link System#nanoTime()} when forwarding last (re)started. */
  public synchronized long resumedAtNanos() {
    return resumedAtNanos;
  }

  /**
   * Cuts the link: closes the listener and every relayed connection, and returns once the port
   * refuses connections. Idempotent.
   */
  public void stop() {
    Thread accepting;
    synchronized (this) {
      closeQuietly(listener);
      listener = null;
      open.forEach(TcpForwarder::closeQuietly);
      open.clear();
      accepting = acceptor;
      acceptor = null;
    }
    // A thread blocked in accept() keeps the listening socket alive until it wakes up: until then
    // the kernel still completes handshakes on the port. Wait for it (outside the lock it needs).
    if (accepting != null) {
      try {
        accepting.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Listens on the same port again. Idempotent. */
  public synchronized void resume() {
    if (listener != null) {
      return;
    }
    try {
      listener = bind(port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address() + " again", e);
    }
    resumedAtNanos = System.nanoTime();
    acceptor = acceptLoop(listener);
  }

  @Override
  public void close() {
    stop();
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    try {
      s.setReuseAddress(true); // the port's old connections may linger in TIME_WAIT
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private Thread acceptLoop(ServerSocket server) {
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        Socket client;
        try {
          client = server.accept();
        } catch (IOException e) {
          return; // stopped
        }
        accepted.incrementAndGet();
        relay(server, client);
      }
    }, "tcp-forwarder-accept-" + port);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void relay(ServerSocket server, Socket client) {
    Socket upstream = new Socket();
    synchronized (this) {
      if (listener != server || open.size() + 2 > MAX_CONNECTIONS * 2) {
        closeQuietly(client);
        return;
      }
      open.add(client);
      open.add(upstream);
    }
    try {
      upstream.connect(target, 2_000);
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
    } catch (IOException e) {
      forget(client, upstream);
      return;
    }
    pump(client, upstream);
    pump(upstream, client);
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (SocketException e) {
        // closed by stop() or by a peer
      } catch (IOException e) {
        // same: the relay ends with either side
      } finally {
        forget(from, to);
      }
    }, "tcp-forwarder-pump-" + port);
    t.setDaemon(true);
    t.start();
  }

  private synchronized void forget(Socket a, Socket b) {
    closeQuietly(a);
    closeQuietly(b);
    open.remove(a);
    open.remove(b);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // already closed
    }
  }
}

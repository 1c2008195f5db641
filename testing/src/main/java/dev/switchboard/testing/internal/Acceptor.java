package dev.switchboard.testing.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections on a bound listener and serves each on its own daemon thread from a cached
 * pool, up to a bound of open connections (more are closed right after accept, loudly). Owns the
 * listener and every socket. Thread-safe.
 */
public final class Acceptor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Acceptor.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final ServerSocket listener;
  private final int maxConnections;
  private final ExchangeHandler handler;
  private final ConnectionSettings settings;
  private final AtomicLong connectionIds = new AtomicLong();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final ExecutorService pool;
  private final Thread thread;
  private final AtomicLong accepted = new AtomicLong();
  private volatile boolean closeOnAccept;
  private volatile boolean closing;

  public Acceptor(ServerSocket listener, int maxConnections, ExchangeHandler handler,
      ConnectionSettings settings) {
    this.listener = listener;
    this.maxConnections = maxConnections;
    this.handler = handler;
    this.settings = settings;
    String name = "scripted-server-" + listener.getLocalPort();
    AtomicLong threads = new AtomicLong();
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, name + "-conn-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.thread = new Thread(this::acceptLoop, name + "-accept");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public int openConnections() {
    return sockets.size();
  }

  /** Connections accepted since start or the last {@link #resetAccepted()}, refused ones included. */
  public long acceptedConnections() {
    return accepted.get();
  }

  public void resetAccepted() {
    accepted.set(0);
  }

  /** While true, every new connection is closed at once, before a byte is read or written. */
  public void closeOnAccept(boolean close) {
    this.closeOnAccept = close;
  }

  /**
   * Closes the listener, then every connection, and waits up to 2 s for the threads. Exchanges cut
   * short here do not count as aborted. Idempotent.
   */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    closeQuietly(listener);
    try {
      // Join the acceptor first, so no socket can be registered after the sweep below.
      thread.join(CLOSE_WAIT.toMillis());
      sockets.forEach(Acceptor::closeQuietly);
      pool.shutdownNow();
      if (!pool.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("{}: connection threads still running after {}", listener, CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!closing) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (!closing) {
          log.warn("{}: accept failed, no longer accepting", listener, e);
        }
        return;
      }
      accepted.incrementAndGet();
      if (closeOnAccept) {
        closeQuietly(socket);
        continue;
      }
      if (sockets.size() >= maxConnections) {
        log.warn("{}: {} connections open, refusing another", listener, maxConnections);
        closeQuietly(socket);
        continue;
      }
      sockets.add(socket);
      HttpConnection connection = new HttpConnection(socket, connectionIds.incrementAndGet(),
          handler, settings, () -> closing, () -> sockets.remove(socket));
      try {
        pool.execute(connection);
      } catch (RejectedExecutionException e) {
        sockets.remove(socket);
        closeQuietly(socket);
      }
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // best effort: the resource is unusable either way
    }
  }
}

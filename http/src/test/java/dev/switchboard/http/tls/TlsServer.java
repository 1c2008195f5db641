package dev.switchboard.http.tls;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A real TLS server that speaks HTTP/1.1 only (the JDK's {@code HttpsServer}, which offers no h2
 * over ALPN): {@code /hello}, {@code /health}, and {@code /drip}, which writes a byte every 20 ms
 * for 10 s and counts the exchanges whose client went away (the abort seen from the server).
 * Counts the requests it handled per path: a request counted got through the TLS handshake.
 */
public final class TlsServer implements AutoCloseable {
  private final HttpsServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "scripted-server-tls");
    t.setDaemon(true);
    return t;
  });
  private final ConcurrentHashMap<String, AtomicInteger> handled = new ConcurrentHashMap<>();
  private final AtomicInteger clientsGone = new AtomicInteger();

  private TlsServer(SSLContext context, boolean needClientAuth) throws IOException {
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setNeedClientAuth(needClientAuth);
        params.setSSLParameters(p);
      }
    });
    server.setExecutor(executor);
    server.createContext("/hello", ex -> reply(ex, "hello over tls"));
    server.createContext("/health", ex -> reply(ex, "ok"));
    server.createContext("/drip", this::drip);
    server.start();
  }

  /** A server presenting {@code context}'s key; with {@code needClientAuth}, only clients with a trusted certificate get through. */
  public static TlsServer start(SSLContext context, boolean needClientAuth) throws IOException {
    return new TlsServer(context, needClientAuth);
  }

  public String baseUrl() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests for {@code path} that reached a handler (past the TLS handshake). */
  public int handled(String path) {
    AtomicInteger n = handled.get(path);
    return n == null ? 0 : n.get();
  }

  /** Exchanges of {@code /drip} whose client closed the connection before the body ended. */
  public int clientsGone() {
    return clientsGone.get();
  }

  private void reply(HttpExchange ex, String body) throws IOException {
    handled.computeIfAbsent(ex.getRequestURI().getPath(), k -> new AtomicInteger()).incrementAndGet();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void drip(HttpExchange ex) throws IOException {
    handled.computeIfAbsent("/drip", k -> new AtomicInteger()).incrementAndGet();
    ex.sendResponseHeaders(200, 500);
    OutputStream out = ex.getResponseBody();
    try {
      for (int i = 0; i < 500; i++) { // 10 s at most: bounded
        out.write('x');
        out.flush();
        TimeUnit.MILLISECONDS.sleep(20); // the server's pace, not a test waiting for time
      }
      out.close();
    } catch (IOException gone) {
      clientsGone.incrementAndGet();
      ex.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

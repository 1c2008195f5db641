package dev.switchboard.cli.lab.storm;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One middle tier of the retry-storm topology: a JDK {@code HttpServer} on loopback whose handler
 * answers {@code GET /users/{id}} by calling the next tier through a {@link Downstream} and answers
 * 200 when that worked, 503 when it did not (the answer a caller above would retry). It counts every
 * request it receives. Thread-safe.
 */
final class Layer implements AutoCloseable {
  /** How this tier calls the next one: true when it got a 2xx answer. */
  @FunctionalInterface
  interface Downstream {
    boolean call(String path) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicLong received = new AtomicLong();

  Layer(String name, List<Filter> filters, Downstream downstream) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/users/", exchange -> handle(exchange, downstream)).getFilters().addAll(filters);
    server.start();
  }

  private void handle(HttpExchange exchange, Downstream downstream) throws IOException {
    received.incrementAndGet();
    try (exchange) {
      boolean ok;
      try {
        ok = downstream.call(exchange.getRequestURI().getRawPath());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ok = false;
      } catch (Exception e) {
        ok = false;
      }
      byte[] body = (ok ? "{\"ok\":true}" : "{\"error\":\"downstream unavailable\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("content-type", "application/json");
      exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  long received() {
    return received.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

package dev.switchboard.http.server;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.ContextMdc;
import dev.switchboard.context.InboundOptions;
import dev.switchboard.context.TraceContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * One loopback JDK HttpServer for tests: an outer probe filter (counts arrivals, checks nothing
 * leaks after the chain), then {@link CallContextFilter}, then the handler. Records what each
 * handler invocation saw in its bound context.
 */
final class Hop implements AutoCloseable {
  static {
    enableNoDelay();
  }

  /**
   * TCP_NODELAY for JDK servers: they write headers and body separately, and Nagle plus delayed
   * ACKs would add about 40 ms per response on loopback. Read once per JVM, at the first server.
   */
  static void enableNoDelay() {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** What one handler invocation saw. */
  record Seen(String correlationId, String traceId, String spanId, long remainingNanos, int attempt,
      boolean hedge, String mdcCorrelationId, boolean virtualThread) {}

  interface Handler {
    void handle(HttpExchange exchange, Seen seen) throws IOException;
  }

  final String name;
  final HttpServer server;
  final ExecutorService executor;
  final List<Seen> seen = new CopyOnWriteArrayList<>();
  final AtomicInteger arrivals = new AtomicInteger();
  final AtomicInteger leaks = new AtomicInteger();

  private Hop(String name, InboundOptions options, ExecutorService executor, Handler handler) throws IOException {
    this.name = name;
    this.executor = executor;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(executor);
    var context = server.createContext("/", exchange -> {
      CallContext c = CallContext.current();
      TraceContext t = c.trace().orElse(null);
      Seen s = new Seen(c.correlationId().orElse(null), t == null ? null : t.traceId(),
          t == null ? null : t.spanId(), c.deadline().map(d -> d.remainingNanos()).orElse(Long.MAX_VALUE),
          c.attempt(), c.hedge(), MDC.get(ContextMdc.CORRELATION_ID), isVirtual(Thread.currentThread()));
      seen.add(s);
      handler.handle(exchange, s);
    });
    context.getFilters().add(new Probe());
    context.getFilters().add(new CallContextFilter(options));
    server.start();
  }

  static Hop start(String name, InboundOptions options, ExecutorService executor, Handler handler) throws IOException {
    return new Hop(name, options, executor, handler);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static boolean isVirtual(Thread t) {
    try {
      return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
    } catch (ReflectiveOperationException e) {
      return false; // JDK 17: no virtual threads
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Outermost filter: counts arrivals and records any context or MDC left bound afterwards. */
  private final class Probe extends Filter {
    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
      arrivals.incrementAndGet();
      try {
        chain.doFilter(exchange);
      } finally {
        if (CallContext.current() != CallContext.empty() || MDC.get(ContextMdc.CORRELATION_ID) != null
            || MDC.get(ContextMdc.TRACE_ID) != null) {
          leaks.incrementAndGet();
        }
      }
    }

    @Override
    public String description() {
      return "probe";
    }
  }
}

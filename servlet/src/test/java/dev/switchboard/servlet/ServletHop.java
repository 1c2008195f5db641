package dev.switchboard.servlet;

import dev.switchboard.context.CallContext;
import dev.switchboard.context.ContextMdc;
import dev.switchboard.context.InboundOptions;
import dev.switchboard.context.TraceContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.slf4j.MDC;

/**
 * One embedded Tomcat on 127.0.0.1 and a free port: an outer probe filter (counts arrivals, checks
 * nothing leaks after the chain), then {@link CallContextServletFilter}, then one servlet on
 * {@code /*}. Records what each servlet invocation saw in its bound context.
 */
final class ServletHop implements AutoCloseable {
  // Tomcat logs through java.util.logging; keep its start-up lines and class-loader leak hints (about our test clients' threads) out of the build output.
  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("org.apache");

  static {
    QUIET.setLevel(java.util.logging.Level.SEVERE);
  }

  record Seen(String correlationId, String traceId, String spanId, long remainingNanos, int attempt,
      boolean hedge, String mdcCorrelationId, boolean virtualThread) {}

  interface Handler {
    void handle(HttpServletRequest request, HttpServletResponse response, Seen seen) throws IOException;
  }

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  final AtomicInteger arrivals = new AtomicInteger();
  final AtomicInteger leaks = new AtomicInteger();
  private final Tomcat tomcat;
  private final Connector connector;
  private final Path baseDir;

  private ServletHop(String name, InboundOptions options, boolean virtualThreads, Handler handler) throws Exception {
    baseDir = Files.createTempDirectory("tomcat-" + name);
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    if (virtualThreads) {
      connector.setProperty("useVirtualThreads", "true");
    }
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.toString());
    Tomcat.addServlet(context, name, new HttpServlet() {
      @Override
      protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        CallContext c = CallContext.current();
        TraceContext t = c.trace().orElse(null);
        Seen s = new Seen(c.correlationId().orElse(null), t == null ? null : t.traceId(),
            t == null ? null : t.spanId(), c.deadline().map(d -> d.remainingNanos()).orElse(Long.MAX_VALUE),
            c.attempt(), c.hedge(), MDC.get(ContextMdc.CORRELATION_ID), isVirtual(Thread.currentThread()));
        seen.add(s);
        handler.handle(req, resp, s);
      }
    });
    context.addServletMappingDecoded("/*", name);
    addFilter(context, "probe", new Probe());
    addFilter(context, "switchboard-context", new CallContextServletFilter(options));
    tomcat.start();
  }

  static ServletHop start(String name, InboundOptions options, boolean virtualThreads, Handler handler) throws Exception {
    return new ServletHop(name, options, virtualThreads, handler);
  }

  private static void addFilter(Context context, String name, Filter filter) {
    FilterDef def = new FilterDef();
    def.setFilterName(name);
    def.setFilter(filter);
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName(name);
    map.addURLPattern("/*");
    context.addFilterMap(map);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + connector.getLocalPort();
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", connector.getLocalPort());
  }

  static void send(HttpServletResponse response, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  static boolean isVirtual(Thread t) {
    try {
      return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      throw new IllegalStateException(e);
    } finally {
      deleteQuietly(baseDir);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }

  /** Outermost filter: counts arrivals and records any context or MDC left bound afterwards. */
  private final class Probe implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      arrivals.incrementAndGet();
      try {
        chain.doFilter(request, response);
      } finally {
        if (CallContext.current() != CallContext.empty() || MDC.get(ContextMdc.CORRELATION_ID) != null
            || MDC.get(ContextMdc.TRACE_ID) != null) {
          leaks.incrementAndGet();
        }
      }
    }
  }
}

package dev.switchboard.servlet;

import dev.switchboard.context.CallContext;
import dev.switchboard.util.LogSafe;
import dev.switchboard.context.ContextMdc;
import dev.switchboard.context.InboundContext;
import dev.switchboard.context.InboundOptions;
import dev.switchboard.context.TimeoutHeaders;
import dev.switchboard.context.WireHeaders;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Enumeration;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the caller's {@link CallContext} for servlets, so every Switchboard client call a servlet
 * makes carries the caller's correlation id, trace and remaining time with no code in the servlet.
 *
 * <p>For each HTTP request it parses the inbound headers with {@link InboundContext#parse} (bad
 * values are ignored or replaced, never passed on), echoes the correlation id as {@code
 * x-request-id}, answers {@code 504} without invoking the rest of the chain when the caller's
 * deadline has already passed (reported to {@link
 * dev.switchboard.telemetry.TelemetryListener#onInboundExpired}), and otherwise binds the context
 * and the SLF4J MDC ({@code correlation_id}, {@code trace_id}, {@code span_id}) until the chain
 * returns, clearing both in a {@code finally}.
 *
 * <p><b>Registration.</b> Map it first, on {@code /*}, for the {@code REQUEST} dispatcher:
 *
 * <pre>{@code
 * servletContext.addFilter("switchboard-context", new CallContextServletFilter(options))
 *     .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
 * }</pre>
 *
 * Declared in {@code web.xml} it uses {@link InboundOptions#defaults()}, with the optional init
 * parameter {@value #MAX_DEADLINE_MS_PARAM}. Filters mapped after it see the context and may bind a
 * derived one for the inner chain.
 *
 * <p><b>Failures.</b> The filter's own code never throws. An exception from the servlet is
 * rethrown after cleanup, as the Servlet contract expects, so the container answers it (usually
 * with 500); that is the servlet's failure, never the input's.
 *
 * <p><b>Threads.</b> Thread-safe. The binding is thread-local and ends when the chain returns: an
 * async servlet ({@code startAsync}) must re-bind on its own threads. The context is stored as the
 * request attribute {@link #ATTRIBUTE}; re-attach it with {@code ContextMdc.attach(ctx)}, or wrap
 * tasks with {@link CallContext#wrap(Runnable)} before handing them over.
 */
public final class CallContextServletFilter implements Filter {
  /** Request attribute holding the bound {@link CallContext}. */
  public static final String ATTRIBUTE = CallContext.class.getName();
  /** Optional init parameter: the inbound deadline clamp in milliseconds. */
  public static final String MAX_DEADLINE_MS_PARAM = "max-deadline-ms";

  private static final Logger LOG = LoggerFactory.getLogger(CallContextServletFilter.class);
  private static final byte[] EXPIRED_BODY =
      "{\"error\":\"deadline exceeded before the request was handled\"}".getBytes(StandardCharsets.US_ASCII);

  private volatile InboundOptions options;
  private final boolean configurable;

  /** A filter with {@link InboundOptions#defaults()}, adjustable by init parameters. */
  public CallContextServletFilter() {
    this.options = InboundOptions.defaults();
    this.configurable = true;
  }

  /** A filter with {@code options}; init parameters are ignored. */
  public CallContextServletFilter(InboundOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.configurable = false;
  }

  /** The options in use. */
  public InboundOptions options() {
    return options;
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    String max = config == null ? null : config.getInitParameter(MAX_DEADLINE_MS_PARAM);
    if (!configurable || max == null) {
      return;
    }
    Duration d = TimeoutHeaders.parseMillis(max).orElse(Duration.ZERO);
    if (d.isZero()) {
      throw new ServletException(MAX_DEADLINE_MS_PARAM + " must be a positive number of milliseconds: \"" + max + "\"");
    }
    options = options.toBuilder().maxDeadline(d).build();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse out)) {
      chain.doFilter(request, response);
      return;
    }
    InboundOptions opts = options;
    InboundContext inbound = parse(http, opts);
    http.setAttribute(ATTRIBUTE, inbound.context());
    out.setHeader(WireHeaders.REQUEST_ID, inbound.correlationId());
    if (inbound.isExpired()) {
      refuseExpired(http, out, opts);
      return;
    }
    try (ContextMdc.Scope ignored = inbound.attach()) {
      chain.doFilter(request, response);
    }
  }

  private static InboundContext parse(HttpServletRequest request, InboundOptions options) {
    try {
      return InboundContext.parse(joined(request), options);
    } catch (RuntimeException e) {
      // Cannot happen by contract; if it does, serve the request with a fresh context rather than fail it.
      LOG.warn("could not parse inbound context; using a fresh one", e);
      return InboundContext.parse(name -> null, options);
    }
  }

  /** Header lookup that joins repeated headers with "," as HTTP combines them. */
  static Function<String, String> joined(HttpServletRequest request) {
    return name -> {
      Enumeration<String> values = request.getHeaders(name);
      if (values == null || !values.hasMoreElements()) {
        return null;
      }
      String first = values.nextElement();
      if (!values.hasMoreElements()) {
        return first;
      }
      StringBuilder sb = new StringBuilder(first);
      while (values.hasMoreElements()) {
        sb.append(',').append(values.nextElement());
      }
      return sb.toString();
    };
  }

  private static void refuseExpired(HttpServletRequest request, HttpServletResponse response, InboundOptions options) {
    try {
      options.telemetry().onInboundExpired(LogSafe.value(request.getMethod()), LogSafe.value(request.getRequestURI()));
    } catch (RuntimeException e) {
      LOG.warn("telemetry listener failed in onInboundExpired", e);
    }
    try {
      response.setStatus(504);
      response.setContentType("application/json");
      response.setContentLength(EXPIRED_BODY.length);
      response.getOutputStream().write(EXPIRED_BODY);
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not send 504 for an expired request", e);
    }
  }

  @Override
  public void destroy() {}
}

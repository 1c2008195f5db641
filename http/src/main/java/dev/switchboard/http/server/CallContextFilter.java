package dev.switchboard.http.server;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.ContextMdc;
import dev.switchboard.util.LogSafe;
import dev.switchboard.context.InboundContext;
import dev.switchboard.context.InboundOptions;
import dev.switchboard.context.WireHeaders;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the caller's {@link CallContext} for handlers of a JDK {@code com.sun.net.httpserver}
 * server, so every Switchboard client call the handler makes carries the caller's correlation id,
 * trace and remaining time with no code from the handler.
 *
 * <p>For each exchange it:
 *
 * <ol>
 *   <li>parses the inbound headers with {@link InboundContext#parse} (bad values are ignored or
 *       replaced, never passed on);
 *   <li>echoes the correlation id as {@code x-request-id} on the response;
 *   <li>answers {@code 504} without invoking the handler when the caller's deadline has already
 *       passed, and reports it to {@link dev.switchboard.telemetry.TelemetryListener#onInboundExpired};
 *   <li>otherwise binds the context and the SLF4J MDC ({@code correlation_id}, {@code trace_id},
 *       {@code span_id}) for the rest of the chain, and clears both afterwards, also when the
 *       handler throws.
 * </ol>
 *
 * <p><b>Order.</b> Add it first, so filters after it (and the handler) see the context: {@code
 * context.getFilters().addAll(List.of(new CallContextFilter(options), overloadPushback))}. A later
 * filter may bind a derived context ({@code CallContext.current().with(KEY, v).attach()}) for the
 * inner chain; its scope closes before this filter restores the thread. The bound context is also
 * stored as exchange attribute {@link #ATTRIBUTE} for code that runs on other threads.
 *
 * <p><b>Failures.</b> The filter itself never throws. If the handler throws before sending
 * response headers, the filter answers {@code 500} (it is the handler's failure, not the input's);
 * if it throws after, the exchange is closed. Either way the exception is logged and not rethrown,
 * because the JDK server would only drop the connection.
 *
 * <p><b>Threads.</b> Stateless and thread-safe; one instance may serve every context of every
 * server. The binding is thread-local, so it works on platform and virtual threads alike. Work the
 * handler hands to its own executor must be wrapped ({@link CallContext#wrap(Runnable)}, or {@link
 * ContextMdc#wrap(Runnable)} to carry the MDC as well).
 */
public final class CallContextFilter extends Filter {
  /** Exchange attribute holding the bound {@link CallContext}. */
  public static final String ATTRIBUTE = CallContext.class.getName();

  private static final Logger LOG = LoggerFactory.getLogger(CallContextFilter.class);
  private static final byte[] EXPIRED_BODY =
      "{\"error\":\"deadline exceeded before the request was handled\"}".getBytes(StandardCharsets.US_ASCII);

  private final InboundOptions options;

  /** A filter with {@link InboundOptions#defaults()}. */
  public CallContextFilter() {
    this(InboundOptions.defaults());
  }

  /** A filter with {@code options} (deadline clamp, telemetry, ticker). */
  public CallContextFilter(InboundOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The options. */
  public InboundOptions options() {
    return options;
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) {
    InboundContext inbound = parse(exchange);
    exchange.setAttribute(ATTRIBUTE, inbound.context());
    exchange.getResponseHeaders().set(WireHeaders.REQUEST_ID, inbound.correlationId());
    if (inbound.isExpired()) {
      refuseExpired(exchange, inbound);
      return;
    }
    try (ContextMdc.Scope ignored = inbound.attach()) {
      chain.doFilter(exchange);
    } catch (IOException | RuntimeException e) {
      handlerFailed(exchange, inbound, e);
    }
  }

  @Override
  public String description() {
    return "Switchboard call context (correlation id, trace, deadline)";
  }

  private InboundContext parse(HttpExchange exchange) {
    Headers headers = exchange.getRequestHeaders();
    try {
      return InboundContext.parse(joined(headers), options);
    } catch (RuntimeException e) {
      // Cannot happen by contract; if it does, serve the request with a fresh context rather than fail it.
      LOG.warn("could not parse inbound context; using a fresh one", e);
      return InboundContext.parse(name -> null, options);
    }
  }

  /** Header lookup that joins repeated headers with "," as HTTP combines them. */
  static Function<String, String> joined(Headers headers) {
    return name -> {
      List<String> values = headers.get(name);
      if (values == null || values.isEmpty()) {
        return null;
      }
      return values.size() == 1 ? values.get(0) : String.join(",", values);
    };
  }

  private void refuseExpired(HttpExchange exchange, InboundContext inbound) {
    String path = exchange.getRequestURI().getRawPath();
    try {
      options.telemetry().onInboundExpired(LogSafe.value(exchange.getRequestMethod()), LogSafe.value(path));
    } catch (RuntimeException e) {
      LOG.warn("telemetry listener failed in onInboundExpired", e);
    }
    try (exchange) {
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(504, -1); // a HEAD response has no body
        return;
      }
      exchange.getResponseHeaders().set("content-type", "application/json");
      exchange.sendResponseHeaders(504, EXPIRED_BODY.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(EXPIRED_BODY);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not send 504 for expired request {} {} [{}]", LogSafe.value(exchange.getRequestMethod()),
          LogSafe.value(path),
          inbound.correlationId(), e);
    }
  }

  private static void handlerFailed(HttpExchange exchange, InboundContext inbound, Exception e) {
    String id = inbound.correlationId();
    boolean headersSent = exchange.getResponseCode() != -1;
    if (e instanceof IOException && headersSent) {
      // Usually the caller hung up (for example its deadline passed); not worth a warning.
      LOG.debug("response to {} {} [correlation_id={}] not delivered: {}", LogSafe.value(exchange.getRequestMethod()),
          LogSafe.value(exchange.getRequestURI().getRawPath()), id, e.toString());
    } else {
      LOG.warn("handler failed for {} {} [correlation_id={}]{}", LogSafe.value(exchange.getRequestMethod()),
          LogSafe.value(exchange.getRequestURI().getRawPath()), id,
          headersSent ? " after sending the response headers" : "", e);
    }
    try (exchange) {
      if (!headersSent) {
        exchange.sendResponseHeaders(500, -1);
      }
    } catch (IOException | RuntimeException ignored) {
      // The connection is gone; closing the exchange is all that is left to do.
    }
  }
}

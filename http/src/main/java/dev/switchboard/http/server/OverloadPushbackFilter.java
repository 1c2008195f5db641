package dev.switchboard.http.server;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.WireHeaders;
import dev.switchboard.policy.OverloadSignal;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-hop amplification control for the JDK {@code HttpServer} (SRE book, "Handling
 * Overload"): when this server's handler fails because one of its own downstream Switchboard
 * calls ran out of attempts or retry budget (or was told by its downstream not to retry), the
 * failure answer carries {@code x-retry-pushback-ms: -1}, and Switchboard clients above never
 * retry it. In a chain A→B→C with C down, only B retries C, so C sees about as many requests as
 * A sent instead of {@code attempts^2}.
 *
 * <p>How it knows: it binds a fresh {@link OverloadSignal} into the {@link CallContext} of each
 * request ({@link OverloadSignal#KEY}); the client pipeline marks it when a call made while
 * handling the request gives up. The header is added when the handler sends a 5xx or 429 status,
 * so it works even when the handler catches the {@code ServiceCallException} and writes its own
 * 500/503. If the handler throws before answering, this filter answers 503 with the header.
 *
 * <p><b>Order:</b> add it after (inside) any filter that replaces the bound {@link CallContext},
 * e.g. a context-propagation filter, or have that filter derive its context from
 * {@link CallContext#current()} so the signal survives. Downstream calls made on other threads
 * must carry the context along ({@link CallContext#wrap(Runnable)}), as they must for deadlines.
 *
 * <pre>{@code
 * HttpContext ctx = server.createContext("/", handler);
 * ctx.getFilters().add(new OverloadPushbackFilter());
 * }</pre>
 *
 * <p>Thread-safe and stateless: one instance may serve every context of a server.
 */
public final class OverloadPushbackFilter extends Filter {
  private static final Logger log = LoggerFactory.getLogger(OverloadPushbackFilter.class);
  /** The header value that means "overloaded, do not retry". */
  public static final String DO_NOT_RETRY = "-1";

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    OverloadSignal signal = OverloadSignal.create();
    PushbackExchange wrapped = new PushbackExchange(exchange, signal);
    try (CallContext.Scope ignored = CallContext.current().with(OverloadSignal.KEY, signal).attach()) {
      chain.doFilter(wrapped);
    } catch (RuntimeException | IOException e) {
      if (!signal.downstreamExhausted() || exchange.getResponseCode() != -1) {
        throw e;
      }
      log.debug("handler failed after a downstream call gave up ({}); answering 503 with {}: -1",
          signal.reason().orElse("?"), WireHeaders.RETRY_PUSHBACK_MS, e);
      wrapped.sendResponseHeaders(503, -1);
      exchange.close();
    }
  }

  @Override
  public String description() {
    return "Switchboard overload pushback: x-retry-pushback-ms: -1 when a downstream call gave up";
  }
}

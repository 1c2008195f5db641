package dev.switchboard.http.server;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import dev.switchboard.context.InboundOptions;
import java.util.List;
import java.util.Objects;

/**
 * The server-side filters for a JDK {@code HttpServer}, in the one order that works:
 * {@link CallContextFilter} first (binds the inbound deadline, correlation id and trace, answers
 * expired requests 504), then {@link OverloadPushbackFilter} (answers
 * {@code x-retry-pushback-ms: -1} when a downstream call gave up). Thread-safe; the filters are
 * stateless apart from their options.
 *
 * <pre>{@code
 * HttpContext ctx = server.createContext("/users", handler);
 * SwitchboardServerFilters.install(ctx);
 * }</pre>
 */
public final class SwitchboardServerFilters {
  private SwitchboardServerFilters() {}

  /** Both filters with default options, in order. */
  public static List<Filter> standard() {
    return standard(InboundOptions.defaults());
  }

  /** Both filters, the context filter configured by {@code options}, in order. */
  public static List<Filter> standard(InboundOptions options) {
    Objects.requireNonNull(options, "options");
    return List.of(new CallContextFilter(options), new OverloadPushbackFilter());
  }

  /** Adds {@link #standard()} to {@code context}, before any filters already there. */
  public static HttpContext install(HttpContext context) {
    Objects.requireNonNull(context, "context");
    context.getFilters().addAll(0, standard());
    return context;
  }
}

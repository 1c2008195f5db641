/**
 * Server-side integration for the JDK {@code com.sun.net.httpserver} server.
 *
 * <p>{@link dev.switchboard.http.server.CallContextFilter} binds the caller's correlation id,
 * trace and remaining time for the handler, so the handler's Switchboard calls propagate them.
 * Register it first; filters that need the bound context (such as an overload pushback filter,
 * which binds a marker through a {@link dev.switchboard.context.ContextKey}) go after it:
 *
 * <pre>{@code
 * HttpContext ctx = server.createContext("/orders", handler);
 * ctx.getFilters().add(new CallContextFilter(InboundOptions.builder().maxDeadline(ofSeconds(30)).build()));
 * ctx.getFilters().add(pushbackFilter); // runs inside the bound context
 * }</pre>
 */
package dev.switchboard.http.server;

package dev.switchboard.testing;

import dev.switchboard.testing.internal.PathTemplate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The routes of one server. Matching prefers exact paths over {@code {variable}} templates over
 * {@code **}, then an exact method over {@code *}, then the route registered first. Thread-safe:
 * lookups read a copy-on-write list, registration is synchronized.
 */
final class RouteTable {
  record Match(Route route, Map<String, String> variables) {}

  private final List<Route> routes = new CopyOnWriteArrayList<>();

  /** The route for {@code method} and {@code pathTemplate}, created on first use. */
  synchronized Route getOrCreate(String method, String pathTemplate) {
    String m = normalizeMethod(method);
    PathTemplate template = PathTemplate.parse(pathTemplate);
    Route existing = find(m, pathTemplate);
    if (existing != null) {
      return existing;
    }
    Route route = new Route(m, template);
    routes.add(route);
    return route;
  }

  /** The route registered with exactly this method and template, or null. */
  Route find(String method, String pathTemplate) {
    String m = normalizeMethod(method);
    for (Route route : routes) {
      if (route.method().equals(m) && route.pathTemplate().equals(pathTemplate)) {
        return route;
      }
    }
    return null;
  }

  /** The best route for a request, or null for a 404. */
  Match match(String method, String path) {
    Match best = null;
    int bestRank = Integer.MAX_VALUE;
    for (Route route : routes) {
      boolean anyMethod = route.method().equals("*");
      if (!anyMethod && !route.method().equals(method)) {
        continue;
      }
      int rank = route.template().kind().ordinal() * 2 + (anyMethod ? 1 : 0);
      if (rank >= bestRank) {
        continue;
      }
      Map<String, String> variables = route.template().match(path);
      if (variables != null) {
        best = new Match(route, variables);
        bestRank = rank;
      }
    }
    return best;
  }

  void resetCounters() {
    routes.forEach(Route::resetCounters);
  }

  static String normalizeMethod(String method) {
    if (method == null || method.isEmpty() || method.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw new IllegalArgumentException("method must be a token such as GET or *, was \""
          + method + "\"");
    }
    return method.toUpperCase(Locale.ROOT);
  }
}

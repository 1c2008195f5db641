package dev.switchboard.pipeline;

import dev.switchboard.endpoint.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A transport-neutral response: status, headers (names lowercased), the body bytes (already
 * bounded by the configured maximum) and the endpoint that answered. Immutable.
 *
 * @param status the status code
 * @param headers headers with lowercase names
 * @param body the body, never null (empty when there was none); must not be modified
 * @param endpoint the endpoint that produced this response
 */
public record Response(int status, Map<String, List<String>> headers, byte[] body, Endpoint endpoint) {
  public Response {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(endpoint, "endpoint");
  }

  /** The first value of header {@code name}, or null. */
  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** The body decoded as UTF-8. */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** True for 2xx. */
  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  @Override
  public String toString() {
    return "Response[" + status + " from " + endpoint + ", " + body.length + " bytes]";
  }
}

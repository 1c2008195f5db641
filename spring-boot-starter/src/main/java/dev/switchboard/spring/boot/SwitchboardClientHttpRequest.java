package dev.switchboard.spring.boot;

import dev.switchboard.errors.StatusException;
import dev.switchboard.http.HttpCall;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.pipeline.CallOptions;
import dev.switchboard.pipeline.Response;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.AbstractClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;

/**
 * One Spring request sent as one Switchboard call (all its attempts): the body is buffered, then
 * {@link #executeInternal} runs the call on the calling thread's context (so an inbound deadline
 * bound by the servlet filter applies). Not thread-safe; one use.
 */
final class SwitchboardClientHttpRequest extends AbstractClientHttpRequest {
  /** Headers the transport sets itself; Spring's values for them are dropped. */
  private static final Set<String> TRANSPORT_HEADERS =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding", "keep-alive", "te");

  private final HttpServiceClient client;
  private final HttpMethod method;
  private final URI uri;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  SwitchboardClientHttpRequest(HttpServiceClient client, HttpMethod method, URI uri) {
    this.client = client;
    this.method = method;
    this.uri = uri;
  }

  @Override
  public HttpMethod getMethod() {
    return method;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  protected OutputStream getBodyInternal(HttpHeaders headers) {
    return body;
  }

  @Override
  protected ClientHttpResponse executeInternal(HttpHeaders headers) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    HttpCall call = client.request(method.name(), path);
    if (uri.getRawQuery() != null) {
      call.rawQuery(uri.getRawQuery());
    }
    headers.forEach((name, values) -> {
      if (!TRANSPORT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> call.header(name, v));
      }
    });
    if (body.size() > 0) {
      call.body(body.toByteArray());
    }
    if (getAttributes().get(SwitchboardClientHttpRequestFactory.CALL_OPTIONS) instanceof CallOptions options) {
      call.options(options);
    }
    try {
      Response r = call.exchange();
      return new BufferedClientHttpResponse(r.status(), r.headers(), r.body());
    } catch (StatusException e) {
      if (e.body().isEmpty()) {
        throw e;
      }
      // The final answer after Switchboard's retries: Spring judges the status as it always does.
      Map<String, List<String>> h = e.headers();
      return new BufferedClientHttpResponse(e.status(), h, e.body().get());
    }
  }
}

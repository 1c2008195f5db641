package dev.switchboard.spring.boot;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/** A Switchboard response (already read, bounded by the client's size limit) as Spring's. Immutable. */
final class BufferedClientHttpResponse implements ClientHttpResponse {
  private final int status;
  private final HttpHeaders headers = new HttpHeaders();
  private final byte[] body;

  BufferedClientHttpResponse(int status, Map<String, List<String>> headers, byte[] body) {
    this.status = status;
    headers.forEach((k, v) -> this.headers.addAll(k, v));
    this.body = body;
  }

  @Override
  public HttpStatusCode getStatusCode() {
    return HttpStatusCode.valueOf(status);
  }

  @Override
  public String getStatusText() {
    HttpStatus known = HttpStatus.resolve(status);
    return known == null ? "" : known.getReasonPhrase();
  }

  @Override
  public HttpHeaders getHeaders() {
    return headers;
  }

  @Override
  public InputStream getBody() {
    return new ByteArrayInputStream(body);
  }

  @Override
  public void close() {
    // nothing to release: the body was read by the pipeline
  }
}

package dev.switchboard.http.internal.apache;

import dev.switchboard.http.internal.HeaderMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * A response's headers in the pipeline's form, read in place from HttpClient's header objects
 * (see {@link HeaderMap}): a value's string is made only when it is asked for. Immutable.
 */
final class ResponseHeaders extends HeaderMap {
  private static final Map<String, List<String>> NONE = Map.of();

  private final Header[] headers;

  private ResponseHeaders(Header[] headers) {
    this.headers = headers;
  }

  static Map<String, List<String>> of(HttpResponse response) {
    Header[] all = response.getHeaders(); // a copy: the response is not ours to keep
    return all.length == 0 ? NONE : new ResponseHeaders(all);
  }

  @Override
  protected int count() {
    return headers.length;
  }

  @Override
  protected String name(int i) {
    return headers[i].getName();
  }

  @Override
  protected String value(int i) {
    return headers[i].getValue();
  }
}

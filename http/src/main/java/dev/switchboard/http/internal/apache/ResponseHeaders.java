package dev.switchboard.http.internal.apache;

import dev.switchboard.http.internal.HeaderMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/** A response's headers in the pipeline's form, read in place (see {@link HeaderMap}). */
final class ResponseHeaders {
  private static final Map<String, List<String>> NONE = Map.of();

  private ResponseHeaders() {}

  static Map<String, List<String>> of(HttpResponse response) {
    Header[] all = response.getHeaders();
    if (all.length == 0) {
      return NONE;
    }
    String[] names = new String[all.length];
    String[] values = new String[all.length];
    for (int i = 0; i < all.length; i++) {
      names[i] = all[i].getName();
      values[i] = all[i].getValue();
    }
    return new HeaderMap(names, values);
  }
}

package dev.switchboard.http.internal.apache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/** Copies a response's headers into the pipeline's form: lowercase names, values in order. */
final class ResponseHeaders {
  private ResponseHeaders() {}

  static Map<String, List<String>> of(HttpResponse response) {
    Header[] all = response.getHeaders();
    Map<String, List<String>> out = new HashMap<>(Math.max(4, all.length * 2));
    for (Header h : all) {
      String name = lowercase(h.getName());
      List<String> values = out.get(name);
      if (values == null) {
        out.put(name, List.of(h.getValue()));
      } else {
        List<String> more = new ArrayList<>(values.size() + 1);
        more.addAll(values);
        more.add(h.getValue());
        out.put(name, List.copyOf(more));
      }
    }
    return out;
  }

  /** Lowercases without allocating when the name already is (servers mostly send lowercase or Title-Case). */
  private static String lowercase(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return name.toLowerCase(Locale.ROOT);
      }
    }
    return name;
  }
}

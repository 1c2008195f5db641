package dev.switchboard.admin.internal;

/**
 * A minimal JSON writer for the admin page's document: strings escaped per RFC 8259 (control
 * characters, quotes, backslashes, and {@code <}, {@code >}, {@code &} as backslash-u escapes so the
 * output is also safe inside HTML), numbers that are not finite written as {@code null}. Not
 * thread-safe; one per document.
 */
final class Json {
  private final StringBuilder out = new StringBuilder(1024);
  private boolean first = true;

  Json beginObject() {
    comma();
    out.append('{');
    first = true;
    return this;
  }

  Json endObject() {
    out.append('}');
    first = false;
    return this;
  }

  Json beginArray(String name) {
    name(name);
    out.append('[');
    first = true;
    return this;
  }

  Json endArray() {
    out.append(']');
    first = false;
    return this;
  }

  Json object(String name) {
    name(name);
    out.append('{');
    first = true;
    return this;
  }

  Json field(String name, String value) {
    name(name);
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    first = false;
    return this;
  }

  Json field(String name, long value) {
    name(name);
    out.append(value);
    first = false;
    return this;
  }

  Json field(String name, double value) {
    name(name);
    if (Double.isFinite(value)) {
      out.append(value);
    } else {
      out.append("null");
    }
    first = false;
    return this;
  }

  Json field(String name, boolean value) {
    name(name);
    out.append(value);
    first = false;
    return this;
  }

  Json nullField(String name) {
    name(name);
    out.append("null");
    first = false;
    return this;
  }

  private void name(String name) {
    comma();
    string(name);
    out.append(':');
    first = true; // the value follows without a comma
  }

  private void comma() {
    if (!first) {
      out.append(',');
    }
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}

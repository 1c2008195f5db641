package dev.switchboard.testing.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A path pattern: literal segments, {@code {name}} segments matching one non-empty segment, and an
 * optional final {@code **} matching any rest (including nothing). Immutable and thread-safe.
 */
public final class PathTemplate {
  /** How specific a template is; lower wins when several match. */
  public enum Kind { EXACT, VARIABLES, WILDCARD }

  private final String template;
  private final String[] segments;
  private final Kind kind;

  private PathTemplate(String template, String[] segments, Kind kind) {
    this.template = template;
    this.segments = segments;
    this.kind = kind;
  }

  /** Parses {@code template}, which must start with {@code /}. */
  public static PathTemplate parse(String template) {
    Objects.requireNonNull(template, "pathTemplate");
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("pathTemplate must start with '/': \"" + template + "\"");
    }
    if (template.indexOf('?') >= 0) {
      throw new IllegalArgumentException(
          "pathTemplate must not contain a query (queries are ignored when matching): \""
              + template + "\"");
    }
    String[] segments = template.split("/", -1);
    Kind kind = Kind.EXACT;
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      if (s.equals("**")) {
        if (i != segments.length - 1) {
          throw new IllegalArgumentException("'**' must be the last segment: \"" + template + "\"");
        }
        kind = Kind.WILDCARD;
      } else if (isVariable(s)) {
        kind = kind == Kind.WILDCARD ? kind : Kind.VARIABLES;
      } else if (s.indexOf('{') >= 0 || s.indexOf('}') >= 0 || s.indexOf('*') >= 0) {
        throw new IllegalArgumentException(
            "segment \"" + s + "\" must be a literal, {name} or a final **: \"" + template + "\"");
      }
    }
    return new PathTemplate(template, segments, kind);
  }

  /** The decoded variables when {@code path} matches, else null. */
  public Map<String, String> match(String path) {
    String[] parts = path.split("/", -1);
    Map<String, String> variables = null;
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      if (s.equals("**")) {
        return variables == null ? Map.of() : Map.copyOf(variables);
      }
      if (i >= parts.length) {
        return null;
      }
      if (isVariable(s)) {
        if (parts[i].isEmpty()) {
          return null;
        }
        if (variables == null) {
          variables = new LinkedHashMap<>();
        }
        variables.put(s.substring(1, s.length() - 1), Decoding.percentDecode(parts[i], false));
      } else if (!s.equals(parts[i])) {
        return null;
      }
    }
    if (parts.length != segments.length) {
      return null;
    }
    return variables == null ? Map.of() : Map.copyOf(variables);
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public String toString() {
    return template;
  }

  private static boolean isVariable(String segment) {
    return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
  }
}

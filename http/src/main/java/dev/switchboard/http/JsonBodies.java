package dev.switchboard.http;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ProtocolException;
import dev.switchboard.http.internal.HeaderMap;
import dev.switchboard.pipeline.Response;
import java.lang.reflect.Type;

/**
 * The part of the {@link BodyCodec} contract that does not depend on the JSON library, written
 * once for {@link JsonCodec} (Jackson 2) and {@link Jackson3Codec}: the special target types,
 * the checks before parsing and the {@code PROTOCOL_ERROR} that names the type. Stateless.
 */
final class JsonBodies {
  /** What {@link #special} returns for a type the JSON library must decode. */
  static final Object NOT_SPECIAL = new Object();

  private JsonBodies() {}

  /** The value of a special type ({@code Void}, {@code Response}, {@code byte[]}, {@code String}), or {@link #NOT_SPECIAL}. */
  static Object special(Response response, Type type) {
    if (type == Void.class || type == void.class) {
      return null;
    }
    if (type == Response.class) {
      return response;
    }
    if (type == byte[].class) {
      return response.body();
    }
    if (type == String.class) {
      return response.bodyAsString(); // the text as is, JSON or not
    }
    return NOT_SPECIAL;
  }

  /** Fails unless the body can be JSON: not empty, and not labelled as another content type. */
  static void requireJson(Response response, String typeName) {
    if (response.body().length == 0) {
      throw error(typeName, response, "the body is empty", null);
    }
    String contentType = response.headers() instanceof HeaderMap received
        ? received.first("content-type") // no list built for the one value wanted
        : response.header("content-type");
    if (contentType != null && !isJson(contentType)) {
      throw error(typeName, response, "content type is \"" + contentType + "\", not JSON", null);
    }
  }

  static ProtocolException error(String typeName, Response response, String why, Throwable cause) {
    return new ProtocolException(ErrorKind.PROTOCOL_ERROR, "cannot decode the " + response.status()
        + " response from " + response.endpoint() + " as " + typeName + ": " + why, cause);
  }

  static IllegalArgumentException encodeError(Object value, String why, Throwable cause) {
    return new IllegalArgumentException("cannot encode " + value.getClass().getName() + " as JSON: " + why, cause);
  }

  /** {@code application/json} or {@code ...+json}, ignoring case, parameters and spaces; allocates nothing. */
  static boolean isJson(String contentType) {
    if (contentType.equals("application/json")) {
      return true; // what nearly every server sends
    }
    int end = contentType.indexOf(';');
    end = end < 0 ? contentType.length() : end;
    int start = 0;
    while (start < end && contentType.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && contentType.charAt(end - 1) <= ' ') {
      end--;
    }
    int length = end - start;
    return length == 16 && contentType.regionMatches(true, start, "application/json", 0, 16)
        || length > 5 && contentType.regionMatches(true, end - 5, "+json", 0, 5);
  }
}

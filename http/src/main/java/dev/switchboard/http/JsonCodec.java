package dev.switchboard.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ProtocolException;
import dev.switchboard.pipeline.Response;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Locale;
import java.util.Objects;

/**
 * JSON encoding and decoding on Jackson. Decoding failures become {@code PROTOCOL_ERROR}s that
 * name the target type: an empty body, a non-JSON content type or malformed JSON where a value is
 * expected. Thread-safe (the {@link ObjectMapper} must not be reconfigured after use).
 */
public final class JsonCodec {
  private final ObjectMapper mapper;

  /** A codec on {@code mapper}. */
  public JsonCodec(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /** A codec with Jackson defaults, ignoring unknown properties (tolerant reader). */
  public static JsonCodec defaults() {
    return new JsonCodec(new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));
  }

  /** The mapper. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** Encodes {@code value} as JSON bytes; a {@code byte[]} or String body is sent as is. */
  public byte[] encode(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Decodes {@code response} to {@code type}. Special types: {@code Void} ignores the body,
   * {@code Response} is the raw response, {@code String} is the body text as is (JSON or not),
   * {@code byte[]} the raw bytes.
   */
  @SuppressWarnings("unchecked")
  public <T> T decode(Response response, Type type) {
    if (type == Void.class || type == void.class) {
      return null;
    }
    if (type == Response.class) {
      return (T) response;
    }
    if (type == byte[].class) {
      return (T) response.body();
    }
    if (type == String.class) {
      return (T) response.bodyAsString(); // the text as is, JSON or not
    }
    JavaType javaType = mapper.getTypeFactory().constructType(type);
    if (response.body().length == 0) {
      throw error(javaType, response, "the body is empty", null);
    }
    String contentType = response.header("content-type");
    if (contentType != null && !isJson(response)) {
      throw error(javaType, response, "content type is \"" + contentType + "\", not JSON", null);
    }
    try {
      T value = mapper.readValue(response.body(), javaType);
      if (value == null && !JsonNode.class.isAssignableFrom(javaType.getRawClass())) {
        throw error(javaType, response, "the body is JSON null", null);
      }
      return value;
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      throw error(javaType, response, why, e);
    }
  }

  private static boolean isJson(Response response) {
    String ct = response.header("content-type");
    if (ct == null) {
      return false;
    }
    String base = ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return base.equals("application/json") || base.endsWith("+json");
  }

  private static ProtocolException error(JavaType type, Response response, String why, Throwable cause) {
    return new ProtocolException(ErrorKind.PROTOCOL_ERROR, "cannot decode the " + response.status()
        + " response from " + response.endpoint() + " as " + type.toCanonical() + ": " + why, cause);
  }
}

package dev.switchboard.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ProtocolException;
import dev.switchboard.pipeline.Response;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * JSON encoding and decoding on Jackson. Decoding failures become {@code PROTOCOL_ERROR}s that
 * name the target type: an empty body, a non-JSON content type or malformed JSON where a value is
 * expected. Thread-safe (the {@link ObjectMapper} must not be reconfigured after use).
 */
public final class JsonCodec {
  private static final int MAX_CACHED_TYPES = 256;

  private final ObjectMapper mapper;
  /** Readers per decoded type, built once: type and root deserializer are looked up once. */
  private final ClassValue<Reader> classReaders = new ClassValue<>() {
    @Override
    protected Reader computeValue(Class<?> type) {
      return new Reader(mapper, mapper.getTypeFactory().constructType(type));
    }
  };
  private final java.util.concurrent.ConcurrentHashMap<Type, Reader> typeReaders = new java.util.concurrent.ConcurrentHashMap<>();

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
    Reader reader = reader(type);
    JavaType javaType = reader.type;
    if (response.body().length == 0) {
      throw error(javaType, response, "the body is empty", null);
    }
    String contentType = response.header("content-type");
    if (contentType != null && !isJson(contentType)) {
      throw error(javaType, response, "content type is \"" + contentType + "\", not JSON", null);
    }
    try {
      T value = reader.reader.readValue(response.body());
      if (value == null && !reader.nullable) {
        throw error(javaType, response, "the body is JSON null", null);
      }
      return value;
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      throw error(javaType, response, why, e);
    }
  }

  /** {@code application/json} or {@code ...+json}, ignoring case, parameters and spaces; allocates nothing. */
  static boolean isJson(String contentType) {
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

  /** A reader per decoded type, built once: the type and its root deserializer are looked up once. */
  private Reader reader(Type type) {
    if (type instanceof Class<?> c) {
      return classReaders.get(c);
    }
    Reader r = typeReaders.get(type);
    if (r == null) {
      r = new Reader(mapper, mapper.getTypeFactory().constructType(type));
      if (typeReaders.size() < MAX_CACHED_TYPES) { // generic types are few; a flood is not cached
        typeReaders.putIfAbsent(type, r);
      }
    }
    return r;
  }

  /** A type's reader, and whether JSON {@code null} is a value of it (only for JSON trees). */
  private static final class Reader {
    final JavaType type;
    final ObjectReader reader;
    final boolean nullable;

    Reader(ObjectMapper mapper, JavaType type) {
      this.type = type;
      this.reader = mapper.readerFor(type);
      this.nullable = JsonNode.class.isAssignableFrom(type.getRawClass());
    }
  }

  private static ProtocolException error(JavaType type, Response response, String why, Throwable cause) {
    return new ProtocolException(ErrorKind.PROTOCOL_ERROR, "cannot decode the " + response.status()
        + " response from " + response.endpoint() + " as " + type.toCanonical() + ": " + why, cause);
  }
}

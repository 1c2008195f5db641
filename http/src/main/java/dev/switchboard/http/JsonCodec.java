package dev.switchboard.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.switchboard.pipeline.Response;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * JSON encoding and decoding on Jackson 2 ({@code com.fasterxml.jackson}): the default
 * {@link BodyCodec} when Jackson 2 is on the class path ({@link Jackson3Codec} is the one for
 * Jackson 3). Decoding failures become {@code PROTOCOL_ERROR}s that name the target type: an empty
 * body, a non-JSON content type or malformed JSON where a value is expected. Thread-safe (the
 * {@link ObjectMapper} must not be reconfigured after use). A reader per decoded type is built
 * once (classes without limit, generic types up to 256).
 */
public final class JsonCodec implements BodyCodec {
  private final ObjectMapper mapper;
  /** A reader per decoded type: the type and its root deserializer are looked up once. */
  private final PerTypeCache<Reader> readers;

  /** A codec on {@code mapper}. */
  public JsonCodec(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.readers = new PerTypeCache<>(type -> new Reader(mapper, mapper.getTypeFactory().constructType(type)));
  }

  /** A codec with Jackson defaults, ignoring unknown properties (tolerant reader). */
  public static JsonCodec defaults() {
    return new JsonCodec(new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));
  }

  /** The mapper. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** Encodes {@code value} as JSON bytes; a {@code byte[]} body is sent as is. */
  @Override
  public byte[] encode(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw JsonBodies.encodeError(value, e.getOriginalMessage(), e);
    }
  }

  /**
   * Decodes {@code response} to {@code type}. Special types: {@code Void} ignores the body,
   * {@code Response} is the raw response, {@code String} is the body text as is (JSON or not),
   * {@code byte[]} the raw bytes.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> T decode(Response response, Type type) {
    Object special = JsonBodies.special(response, type);
    if (special != JsonBodies.NOT_SPECIAL) {
      return (T) special;
    }
    Reader reader = readers.get(type);
    JsonBodies.requireJson(response, reader.name);
    try {
      T value = reader.reader.readValue(response.body());
      if (value == null && !reader.nullable) {
        throw JsonBodies.error(reader.name, response, "the body is JSON null", null);
      }
      return value;
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      throw JsonBodies.error(reader.name, response, why, e);
    }
  }

  @Override
  public String toString() {
    return "JsonCodec[Jackson 2]";
  }

  /** A type's reader, and whether JSON {@code null} is a value of it (only for JSON trees). */
  private static final class Reader {
    final String name;
    final ObjectReader reader;
    final boolean nullable;

    Reader(ObjectMapper mapper, JavaType type) {
      this.name = type.toCanonical();
      this.reader = mapper.readerFor(type);
      this.nullable = JsonNode.class.isAssignableFrom(type.getRawClass());
    }
  }
}

package dev.switchboard.http;

import dev.switchboard.pipeline.Response;
import java.lang.reflect.Type;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON encoding and decoding on Jackson 3 ({@code tools.jackson}, Spring Boot 4's default), with
 * exactly {@link JsonCodec}'s behaviour (the {@link BodyCodec} contract): special types, and
 * {@code PROTOCOL_ERROR}s naming the target type for an empty body, a non-JSON content type,
 * malformed JSON or a JSON null. Needs {@code tools.jackson.core:jackson-databind} on the class
 * path (an optional dependency of this module). Thread-safe (Jackson 3 mappers are immutable). A
 * reader per decoded type is built once (classes without limit, generic types up to 256).
 */
public final class Jackson3Codec implements BodyCodec {
  private final ObjectMapper mapper;
  /** A reader per decoded type: the type and its root deserializer are looked up once. */
  private final PerTypeCache<Reader> readers;

  /** A codec on {@code mapper}, e.g. the application's {@code JsonMapper}. */
  public Jackson3Codec(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.readers = new PerTypeCache<>(type -> new Reader(mapper, mapper.getTypeFactory().constructType(type)));
  }

  /** A codec with Jackson 3 defaults, ignoring unknown properties (tolerant reader). */
  public static Jackson3Codec defaults() {
    return new Jackson3Codec(JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
  }

  /** The mapper. */
  public ObjectMapper mapper() {
    return mapper;
  }

  @Override
  public byte[] encode(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JacksonException e) {
      throw JsonBodies.encodeError(value, e.getOriginalMessage(), e);
    }
  }

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
    } catch (JacksonException e) {
      throw JsonBodies.error(reader.name, response, e.getOriginalMessage(), e);
    }
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

  @Override
  public String toString() {
    return "Jackson3Codec";
  }
}

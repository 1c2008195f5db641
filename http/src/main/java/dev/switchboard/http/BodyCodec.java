package dev.switchboard.http;

import dev.switchboard.pipeline.Response;
import java.lang.reflect.Type;

/**
 * How an {@link HttpServiceClient} turns request bodies into bytes and response bodies into
 * values: the codec SPI. Built in: {@link JsonCodec} on Jackson 2 and {@link Jackson3Codec} on
 * Jackson 3, both JSON; {@link #defaults()} picks one from the class path.
 *
 * <p>The contract every codec keeps (the built-in ones share it):
 * <ul>
 *   <li>{@link #encode}: a {@code byte[]} is sent as it is; anything else is encoded, and a value
 *       that cannot be encoded fails with an {@link IllegalArgumentException} naming its class.
 *   <li>{@link #decode}: {@code Void} ignores the body, {@code Response} is the raw response,
 *       {@code String} the body text as it is and {@code byte[]} its bytes; any other type is
 *       decoded, and an empty body, a body that is not of the codec's content type, malformed
 *       content or a null where a value is expected fail with a
 *       {@link dev.switchboard.errors.ProtocolException} ({@code PROTOCOL_ERROR}) that names the
 *       target type, the status and the endpoint.
 * </ul>
 *
 * <p>Implementations must be thread-safe: one codec serves every call of a client.
 */
public interface BodyCodec {
  /** The bytes to send for {@code value}; a {@code byte[]} unchanged. */
  byte[] encode(Object value);

  /** {@code response}'s body as a {@code type}. */
  <T> T decode(Response response, Type type);

  /** The content type of encoded bodies. */
  default String contentType() {
    return "application/json";
  }

  /**
   * JSON with Jackson 2 ({@link JsonCodec#defaults()}) when {@code com.fasterxml.jackson.databind}
   * is on the class path, else Jackson 3 ({@link Jackson3Codec#defaults()}) when
   * {@code tools.jackson.databind} is.
   *
   * @throws IllegalStateException naming both artifacts when neither is present
   */
  static BodyCodec defaults() {
    if (present("com.fasterxml.jackson.databind.ObjectMapper")) {
      return JsonCodec.defaults();
    }
    if (present("tools.jackson.databind.json.JsonMapper")) {
      return Jackson3Codec.defaults();
    }
    throw new IllegalStateException("no JSON library for Switchboard's default codec: add"
        + " com.fasterxml.jackson.core:jackson-databind (Jackson 2) or tools.jackson.core:jackson-databind"
        + " (Jackson 3), or pass a BodyCodec to the HttpServiceClient");
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, BodyCodec.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}

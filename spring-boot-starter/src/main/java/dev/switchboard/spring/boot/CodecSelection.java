package dev.switchboard.spring.boot;

import dev.switchboard.http.BodyCodec;
import dev.switchboard.http.Jackson3Codec;
import dev.switchboard.http.JsonCodec;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Picks the body codec on the application's own mapper: Jackson 3's {@code JsonMapper} bean
 * (Spring Boot 4's default) when there is exactly one, else Jackson 2's {@code ObjectMapper} bean,
 * else {@link BodyCodec#defaults()}. Each Jackson type is touched only when its library is on the
 * class path. Stateless.
 */
final class CodecSelection {
  private CodecSelection() {}

  static BodyCodec select(ListableBeanFactory beans) {
    ClassLoader loader = CodecSelection.class.getClassLoader();
    if (ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper", loader)) {
      BodyCodec c = Jackson3.codec(beans);
      if (c != null) {
        return c;
      }
    }
    if (ClassUtils.isPresent("com.fasterxml.jackson.databind.ObjectMapper", loader)) {
      BodyCodec c = Jackson2.codec(beans);
      if (c != null) {
        return c;
      }
    }
    return BodyCodec.defaults();
  }

  private static final class Jackson3 {
    static BodyCodec codec(ListableBeanFactory beans) {
      tools.jackson.databind.json.JsonMapper mapper =
          beans.getBeanProvider(tools.jackson.databind.json.JsonMapper.class).getIfUnique();
      return mapper == null ? null : new Jackson3Codec(mapper);
    }
  }

  private static final class Jackson2 {
    static BodyCodec codec(ListableBeanFactory beans) {
      com.fasterxml.jackson.databind.ObjectMapper mapper =
          beans.getBeanProvider(com.fasterxml.jackson.databind.ObjectMapper.class).getIfUnique();
      return mapper == null ? null : new JsonCodec(mapper);
    }
  }
}

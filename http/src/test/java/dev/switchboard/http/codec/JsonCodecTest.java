package dev.switchboard.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.http.BodyCodec;
import dev.switchboard.http.JsonCodec;
import org.junit.jupiter.api.Test;

class JsonCodecTest extends BodyCodecContract {
  @Override
  BodyCodec codec() {
    return JsonCodec.defaults();
  }

  @Test
  void jackson2IsTheDefaultWhenItIsOnTheClassPath() {
    assertThat(BodyCodec.defaults()).isInstanceOf(JsonCodec.class);
  }
}

package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestTest {
  @Test
  void crOrLfInHeadersIsRejected() {
    assertThatThrownBy(() -> Request.builder("GET", "/").header("x-a", "v\r\nx-injected: 1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CR, LF");
    assertThatThrownBy(() -> Request.builder("GET", "/").header("x-a\n", "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Request.builder("GET", "/a\r\nb"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void idempotencyFollowsMethodMarkAndKey() {
    assertThat(Request.builder("GET", "/").build().idempotent()).isTrue();
    assertThat(Request.builder("PUT", "/").build().idempotent()).isTrue();
    assertThat(Request.builder("POST", "/").build().idempotent()).isFalse();
    assertThat(Request.builder("POST", "/").idempotent(true).build().idempotent()).isTrue();
    assertThat(Request.builder("PATCH", "/").header("Idempotency-Key", "k").build().idempotent()).isTrue();
  }

  @Test
  void nullsNameTheParameter() {
    assertThatThrownBy(() -> Request.builder(null, "/")).hasMessageContaining("method");
    assertThatThrownBy(() -> Request.builder("GET", "/").header("x", null)).hasMessageContaining("header value for x");
  }
}

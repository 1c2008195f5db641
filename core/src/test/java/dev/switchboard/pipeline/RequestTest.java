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
  void aPayloadRidesAlongUnchangedThroughCopiesAndFilters() {
    Object message = new Object();
    Request base = Request.builder("POST", "/pkg.Service/Method").header("x-a", "1").build();
    Request carrying = base.withPayload(message);
    assertThat(base.payload()).isNull();
    assertThat(carrying.payload()).isSameAs(message);
    assertThat(carrying.headers()).isSameAs(base.headers());
    assertThat(carrying.toString()).isEqualTo(base.toString());
    Request filtered = carrying.toBuilder().setHeader("authorization", "t").build(); // what a filter does
    assertThat(filtered.payload()).isSameAs(message);
    assertThat(Request.builder("POST", "/").payload(message).build().payload()).isSameAs(message);
  }

  @Test
  void nullsNameTheParameter() {
    assertThatThrownBy(() -> Request.builder(null, "/")).hasMessageContaining("method");
    assertThatThrownBy(() -> Request.builder("GET", "/").header("x", null)).hasMessageContaining("header value for x");
  }
}

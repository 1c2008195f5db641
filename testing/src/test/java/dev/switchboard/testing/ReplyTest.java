package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplyTest {
  @Test
  void withersReturnNewRepliesAndLeaveTheOriginalUntouched() {
    Reply base = Reply.status(503);

    Reply withHeader = base.header("Retry-After", "1").delay(Duration.ofMillis(5));

    assertThat(base.headers()).isEmpty();
    assertThat(base.delay()).isZero();
    assertThat(withHeader.headers()).containsExactly(Map.entry("Retry-After", "1"));
    assertThat(withHeader.delay()).isEqualTo(Duration.ofMillis(5));
    assertThat(withHeader.statusCode()).isEqualTo(503);
  }

  @Test
  void bodyIsCopiedInAndOut() {
    byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
    Reply reply = Reply.status(200).body(bytes);

    bytes[0] = 'x';
    reply.bodyBytes()[1] = 'y';

    assertThat(new String(reply.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo("abc");
  }

  @Test
  void factoriesSetModesAndContentTypes() {
    assertThat(Reply.json(201, "{}").headers()).contains(Map.entry("Content-Type", "application/json"));
    assertThat(Reply.ok("é").bodyLength()).isEqualTo(2);
    assertThat(Reply.hugeBody(1L << 40).bodyLength()).isEqualTo(1L << 40);
    assertThat(Reply.hugeBody(10).isGeneratedBody()).isTrue();
    assertThat(Reply.hugeBody(10).body("small").isGeneratedBody()).isFalse();
    assertThat(Reply.closeWithoutAnswer().mode()).isEqualTo(Reply.Mode.CLOSE_WITHOUT_ANSWER);
    assertThat(Reply.resetConnection().mode()).isEqualTo(Reply.Mode.RESET_CONNECTION);
    assertThat(Reply.neverAnswer().delay(Duration.ofSeconds(1)).mode())
        .isEqualTo(Reply.Mode.NEVER_ANSWER);
  }

  @Test
  void rejectsInvalidValuesNamingTheField() {
    assertThatThrownBy(() -> Reply.status(99)).hasMessageContaining("status");
    assertThatThrownBy(() -> Reply.hugeBody(-1)).hasMessageContaining("bytes");
    assertThatThrownBy(() -> Reply.ok("x").delay(Duration.ofMillis(-1)))
        .hasMessageContaining("delay");
    assertThatThrownBy(() -> Reply.ok("x").drip(0, Duration.ZERO))
        .hasMessageContaining("chunkBytes");
    assertThatThrownBy(() -> Reply.ok("x").header("X-Bad", "a\r\nInjected: 1"))
        .hasMessageContaining("line break");
    assertThatThrownBy(() -> Reply.ok("x").header("Bad:Name", "v"))
        .hasMessageContaining("header name");
  }

  @Test
  void serverBuilderRejectsInvalidSettingsNamingTheField() {
    assertThatThrownBy(() -> ScriptedServer.builder().maxConnections(0).start())
        .hasMessageContaining("maxConnections");
    assertThatThrownBy(() -> ScriptedServer.builder().port(70_000).start())
        .hasMessageContaining("port");
    assertThatThrownBy(() -> ScriptedServer.builder().abortPollInterval(Duration.ZERO).start())
        .hasMessageContaining("abortPollInterval");
  }
}

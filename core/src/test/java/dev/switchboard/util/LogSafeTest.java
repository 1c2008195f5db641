package dev.switchboard.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {
  @Test
  void printableTextPassesThroughAsTheSameString() {
    String path = "/users/42?q=a%20b";
    assertThat(LogSafe.value(path)).isSameAs(path);
    assertThat(LogSafe.value("déjà vu")).isEqualTo("déjà vu");
  }

  @Test
  void lineBreaksCannotForgeALogLine() {
    assertThat(LogSafe.value("GET\r\n2026-01-01 INFO forged")).isEqualTo("GET\\r\\n2026-01-01 INFO forged")
        .doesNotContain("\r").doesNotContain("\n");
  }

  @Test
  void terminalEscapesBidiControlsAndUnicodeLineSeparatorsAreEscaped() {
    assertThat(LogSafe.value("a\u001b[31mred")).isEqualTo("a\\u001b[31mred");
    assertThat(LogSafe.value("x\u202eevil")).isEqualTo("x\\u202eevil");
    assertThat(LogSafe.value("x\u2028y\u0085z\u007f")).isEqualTo("x\\u2028y\\u0085z\\u007f");
  }

  @Test
  void aBackslashIsEscapedSoNoValueCanImitateAnEscape() {
    assertThat(LogSafe.value("a\\r")).isEqualTo("a\\\\r");
  }

  @Test
  void longValuesAreCutAndTheCutIsMarked() {
    String s = LogSafe.value("x".repeat(10_000) + "\n");
    assertThat(s).startsWith("x".repeat(LogSafe.MAX_LENGTH)).endsWith("...(10001 chars)").hasSizeLessThan(300);
    assertThat(LogSafe.value("\n".repeat(1000))).hasSizeLessThan(2 * LogSafe.MAX_LENGTH + 20);
  }

  @Test
  void nullIsWrittenAsNull() {
    assertThat(LogSafe.value(null)).isEqualTo("null");
  }
}

package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link HttpRequestChecks#path}: every character judged as its Javadoc says, with the right message. */
class HttpRequestChecksTest {
  private static boolean accepted(String path) {
    try {
      HttpRequestChecks.path(path);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean documented(char c) {
    if (c < 0x80) {
      return c > ' ' && c < 0x7f && "\"<>\\^`{|}[]?#%".indexOf(c) < 0;
    }
    return !Character.isISOControl(c) && !Character.isSpaceChar(c);
  }

  @Test
  void everyCharacterInsideAPathIsJudgedAsDocumented() {
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      String path = "/users/a" + (char) c + "b";
      assertThat(accepted(path)).as("U+%04X", c).isEqualTo(documented((char) c));
    }
  }

  @Test
  void percentMustStartATwoDigitEscape() {
    assertThat(accepted("/a%2Fb")).isTrue();
    assertThat(accepted("/a%2fb")).isTrue();
    assertThat(accepted("/a%2")).isFalse();
    assertThat(accepted("/a%zz")).isFalse();
    assertThat(accepted("/a%")).isFalse();
  }

  @Test
  void aQueryOrFragmentIsNamedBeforeAnyOtherFault() {
    assertThatThrownBy(() -> HttpRequestChecks.path("/a b?x=1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use query(...)");
    assertThatThrownBy(() -> HttpRequestChecks.path("users#top"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'?' or '#'");
    assertThatThrownBy(() -> HttpRequestChecks.path("users/1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> HttpRequestChecks.path("/a b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at index 2");
    assertThat(accepted("/")).isTrue();
    assertThat(accepted("")).isFalse();
  }
}

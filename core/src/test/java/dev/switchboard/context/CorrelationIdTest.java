package dev.switchboard.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link CorrelationId}'s character check, against the regular expression it documents. */
class CorrelationIdTest {
  private static final Pattern DOCUMENTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Test
  void everyCharacterIsJudgedAsTheDocumentedPatternJudgesIt() {
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      String one = "ab" + (char) c + "9";
      assertThat(CorrelationId.isValid(one)).as("U+%04X", c).isEqualTo(DOCUMENTED.matcher(one).matches());
    }
  }

  @Test
  void lengthIsOneTo128() {
    assertThat(CorrelationId.isValid("")).isFalse();
    assertThat(CorrelationId.isValid(null)).isFalse();
    assertThat(CorrelationId.isValid("a".repeat(128))).isTrue();
    assertThat(CorrelationId.isValid("a".repeat(129))).isFalse();
  }

  @Test
  void generatedIdsAreValid32CharacterHex() {
    for (int i = 0; i < 1_000; i++) {
      String id = CorrelationId.generate();
      assertThat(id).matches("[0-9a-f]{32}");
      assertThat(CorrelationId.isValid(id)).isTrue();
    }
  }
}

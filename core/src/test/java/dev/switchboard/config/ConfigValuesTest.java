package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.errors.ErrorKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {
  @Test
  void durationsTakeAUnitOrIsoOrZero() {
    assertThat(ConfigValues.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(ConfigValues.duration(" 2s ")).isEqualTo(Duration.ofSeconds(2));
    assertThat(ConfigValues.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(ConfigValues.duration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(ConfigValues.duration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(ConfigValues.duration("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(ConfigValues.duration("100us")).isEqualTo(Duration.ofNanos(100_000));
    assertThat(ConfigValues.duration("10ns")).isEqualTo(Duration.ofNanos(10));
    assertThat(ConfigValues.duration("PT0.25S")).isEqualTo(Duration.ofMillis(250));
    assertThat(ConfigValues.duration("0")).isZero();
    assertThat(ConfigValues.duration("-1s")).isEqualTo(Duration.ofSeconds(-1)); // the builders judge the sign
  }

  @Test
  void aBareNumberIsNotADurationBecauseItsUnitWouldBeAGuess() {
    for (String bad : new String[] {"2", "2 seconds", "", "PTX", "1.5.2s", "ms"}) {
      assertThatThrownBy(() -> ConfigValues.duration(bad)).as(bad)
          .hasMessage("must be a duration such as 250ms, 2s, 1m or PT2S");
    }
    assertThatThrownBy(() -> ConfigValues.duration("9999999999d")).hasMessageContaining("292 years");
  }

  @Test
  void sizesAreBytesOrPowersOf1024() {
    assertThat(ConfigValues.dataSize("1048576")).isEqualTo(1 << 20);
    assertThat(ConfigValues.dataSize("512KB")).isEqualTo(512 << 10);
    assertThat(ConfigValues.dataSize("10MB")).isEqualTo(10L << 20);
    assertThat(ConfigValues.dataSize("1gb")).isEqualTo(1L << 30);
    assertThatThrownBy(() -> ConfigValues.dataSize("10 megs")).hasMessageStartingWith("must be a size");
    assertThatThrownBy(() -> ConfigValues.dataSize("99999999999TB")).hasMessageStartingWith("must be a size");
  }

  @Test
  void numbersBooleansListsAndChoicesAreStrict() {
    assertThat(ConfigValues.integer(" 42 ")).isEqualTo(42);
    assertThatThrownBy(() -> ConfigValues.integer("4.2")).hasMessage("must be a whole number");
    assertThat(ConfigValues.decimal("0.25")).isEqualTo(0.25);
    assertThatThrownBy(() -> ConfigValues.decimal("NaN")).hasMessageStartingWith("must be a number");
    assertThatThrownBy(() -> ConfigValues.decimal("Infinity")).hasMessageStartingWith("must be a number");
    assertThat(ConfigValues.bool("ON")).isTrue();
    assertThat(ConfigValues.bool("false")).isFalse();
    assertThatThrownBy(() -> ConfigValues.bool("1")).hasMessage("must be true or false");
    assertThat(ConfigValues.list(" a, b ,,c ")).containsExactly("a", "b", "c");
    assertThat(ConfigValues.list("")).isEmpty();
    assertThat(ConfigValues.choice("connect-failed", ErrorKind.class)).isEqualTo(ErrorKind.CONNECT_FAILED);
    assertThat(ConfigValues.choice("Server_Error", ErrorKind.class)).isEqualTo(ErrorKind.SERVER_ERROR);
    assertThatThrownBy(() -> ConfigValues.choice("boom", ErrorKind.class))
        .hasMessageStartingWith("must be one of connect-failed, timeout, ");
  }

  @Test
  void everyClientKeyHasItsOwnEnvironmentSpelling() {
    // ConfigTable refuses two keys that read the same once dashes and dots are dropped; building
    // the client table proves no environment variable can mean two keys.
    assertThat(ClientConfigs.keys()).hasSizeGreaterThan(80);
    assertThat(ClientConfigs.keys()).extracting(ConfigKey::name).doesNotHaveDuplicates()
        .allMatch(n -> n.matches("[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)*"), "kebab-case");
  }
}

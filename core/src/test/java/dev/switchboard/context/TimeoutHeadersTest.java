package dev.switchboard.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutHeadersTest {

  @Test
  void grpcTimeoutAcceptsEveryUnit() {
    assertThat(TimeoutHeaders.parseGrpcTimeout("2H")).contains(Duration.ofHours(2));
    assertThat(TimeoutHeaders.parseGrpcTimeout("3M")).contains(Duration.ofMinutes(3));
    assertThat(TimeoutHeaders.parseGrpcTimeout("4S")).contains(Duration.ofSeconds(4));
    assertThat(TimeoutHeaders.parseGrpcTimeout("250m")).contains(Duration.ofMillis(250));
    assertThat(TimeoutHeaders.parseGrpcTimeout("1500u")).contains(Duration.ofNanos(1_500_000));
    assertThat(TimeoutHeaders.parseGrpcTimeout("7n")).contains(Duration.ofNanos(7));
    assertThat(TimeoutHeaders.parseGrpcTimeout("0m")).contains(Duration.ZERO);
    assertThat(TimeoutHeaders.parseGrpcTimeout("99999999H")).contains(Duration.ofHours(99_999_999));
    assertThat(TimeoutHeaders.parseGrpcTimeout(" 5S\t")).contains(Duration.ofSeconds(5));
  }

  @Test
  void grpcTimeoutRejectsNineDigitsUnknownUnitsAndSigns() {
    for (String bad : new String[] {"123456789m", "5", "m", "", "5s", "5h", "5x", "-5m", "+5m", "5 m", "5mm",
        "1.5S", "\uff15m", "\u0665m", "5m\r\n", "0x5m"}) {
      assertThat(TimeoutHeaders.parseGrpcTimeout(bad)).as(bad).isEmpty();
    }
    assertThat(TimeoutHeaders.parseGrpcTimeout(null)).isEmpty();
  }

  @Test
  void millisAcceptsPlainDigitsOnly() {
    assertThat(TimeoutHeaders.parseMillis("1500")).contains(Duration.ofMillis(1500));
    assertThat(TimeoutHeaders.parseMillis("0")).contains(Duration.ZERO);
    assertThat(TimeoutHeaders.parseMillis("007")).contains(Duration.ofMillis(7));
    assertThat(TimeoutHeaders.parseMillis("999999999999999999")).contains(Duration.ofMillis(999_999_999_999_999_999L));
    for (String bad : new String[] {"-1", "+1", "1.0", "1e3", "1 0", "", " ", "abc", "1000000000000000000",
        "\uff11", "1\r\nx: y", "0x10"}) {
      assertThat(TimeoutHeaders.parseMillis(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void grpcFormatPicksTheFinestUnitThatFitsAndRoundsUp() {
    assertThat(TimeoutHeaders.formatGrpcTimeout(Duration.ofMillis(250))).isEqualTo("250000u");
    assertThat(TimeoutHeaders.formatGrpcTimeout(Duration.ofSeconds(5))).isEqualTo("5000000u");
    assertThat(TimeoutHeaders.formatGrpcTimeout(Duration.ofNanos(99_999_999))).isEqualTo("99999999n");
    assertThat(TimeoutHeaders.formatGrpcTimeout(Duration.ofNanos(1_000_000_001L))).isEqualTo("1000001u");
    assertThat(TimeoutHeaders.formatGrpcTimeout(Duration.ofDays(1200))).isEqualTo("1728000M");
    assertThat(TimeoutHeaders.formatGrpcTimeout(Duration.ofMillis(-3))).isEqualTo("0n");
    assertThat(TimeoutHeaders.formatGrpcTimeout(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo("2562048H"); // saturated at Long.MAX_VALUE ns
    for (Duration d : new Duration[] {Duration.ofNanos(1), Duration.ofMillis(99_999), Duration.ofHours(3)}) {
      Duration back = TimeoutHeaders.parseGrpcTimeout(TimeoutHeaders.formatGrpcTimeout(d)).orElseThrow();
      assertThat(back).isGreaterThanOrEqualTo(d);
    }
  }
}

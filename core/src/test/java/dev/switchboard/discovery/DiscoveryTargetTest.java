package dev.switchboard.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DiscoveryTargetTest {
  @Test
  void readsNameAuthorityAndParameters() {
    DiscoveryTarget t = DiscoveryTarget.parse("dns+srv://127.0.0.1:5353/_users._tcp.svc.test?minTtl=2s&maxTtl=PT1M");
    assertThat(t.scheme()).isEqualTo("dns+srv");
    assertThat(t.authority()).isEqualTo("127.0.0.1:5353");
    assertThat(t.name()).isEqualTo("_users._tcp.svc.test");
    assertThat(t.durationParam("minTtl", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
    assertThat(t.durationParam("maxTtl", Duration.ZERO)).isEqualTo(Duration.ofMinutes(1));
    assertThat(t.durationParam("timeout", Duration.ofMillis(7))).isEqualTo(Duration.ofMillis(7));
  }

  @Test
  void opaqueTargetsHaveParametersToo() {
    DiscoveryTarget t = DiscoveryTarget.parse("mem:users?x=250ms");
    assertThat(t.name()).isEqualTo("users");
    assertThat(t.durationParam("x", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void rejectsAnUnknownParameterQuotingTheTarget() {
    DiscoveryTarget t = DiscoveryTarget.parse("dns:///users.svc:80?minTTl=1s");
    assertThatThrownBy(() -> t.requireOnlyParams("minTtl", "maxTtl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"minTTl\"")
        .hasMessageContaining("\"dns:///users.svc:80?minTTl=1s\"");
  }

  @Test
  void rejectsAGarbageDurationQuotingTheValue() {
    DiscoveryTarget t = DiscoveryTarget.parse("dns:///users.svc:80?minTtl=soon");
    assertThatThrownBy(() -> t.durationParam("minTtl", Duration.ZERO))
        .hasMessageContaining("\"soon\"")
        .hasMessageContaining("dns:///users.svc:80?minTtl=soon");
  }

  @Test
  void rejectsATargetWithoutSchemeOrWithBadSyntax() {
    assertThatThrownBy(() -> DiscoveryTarget.parse("users.svc"))
        .hasMessageContaining("\"users.svc\"");
    // host:port parses as a URI whose scheme is the host; discovery then names it
    assertThatThrownBy(() -> Discovery.open("users.svc:80"))
        .hasMessageContaining("\"users.svc:80\"");
    assertThatThrownBy(() -> DiscoveryTarget.parse("dns:///a b"))
        .hasMessageContaining("\"dns:///a b\"");
  }

  @Test
  void acceptsBracketedIpv6LiteralsInThePath() {
    DiscoveryTarget t = DiscoveryTarget.parse("dns://[::1]:5353/[fe80::1]:8080");
    assertThat(t.authority()).isEqualTo("[::1]:5353");
    assertThat(t.name()).isEqualTo("[fe80::1]:8080");
    assertThat(t.raw()).isEqualTo("dns://[::1]:5353/[fe80::1]:8080");
  }
}

package dev.switchboard.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceContextTest {
  private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void parsesAValidTraceparentAndKeepsTracestate() {
    TraceContext t = TraceContext.parse(VALID, "congo=t61rcWkgMzE, rojo=00f067aa0ba902b7").orElseThrow();
    assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(t.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(t.flags()).isEqualTo(1);
    assertThat(t.traceState()).contains("congo=t61rcWkgMzE, rojo=00f067aa0ba902b7");
    assertThat(t.toTraceparent()).isEqualTo(VALID);
  }

  @Test
  void rejectsWrongVersionZerosUppercaseAndLength() {
    assertThat(TraceContext.parse("01" + VALID.substring(2), null)).isEmpty();
    assertThat(TraceContext.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01", null)).isEmpty();
    assertThat(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", null)).isEmpty();
    assertThat(TraceContext.parse(VALID.toUpperCase(), null)).isEmpty();
    assertThat(TraceContext.parse(VALID + "-x", null)).isEmpty();
    assertThat(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01", null)).isEmpty();
    assertThat(TraceContext.parse(null, null)).isEmpty();
  }

  @Test
  void dropsOversizedOrMalformedTracestateButKeepsTheTrace() {
    String tooMany = String.join(",", java.util.Collections.nCopies(33, "a=b"));
    assertThat(TraceContext.parse(VALID, tooMany).orElseThrow().traceState()).isEmpty();
    assertThat(TraceContext.parse(VALID, "x".repeat(513)).orElseThrow().traceState()).isEmpty();
    assertThat(TraceContext.parse(VALID, "novalue").orElseThrow().traceState()).isEmpty();
    assertThat(TraceContext.parse(VALID, "a=b\r\nx: y").orElseThrow().traceState()).isEmpty();
  }

  @Test
  void childKeepsTraceIdWithANewSpanId() {
    TraceContext parent = TraceContext.parse(VALID, null).orElseThrow();
    TraceContext child = parent.newChild();
    assertThat(child.traceId()).isEqualTo(parent.traceId());
    assertThat(child.spanId()).isNotEqualTo(parent.spanId()).hasSize(16).isNotEqualTo("0000000000000000");
  }

  @Test
  void newRootIsValidW3c() {
    TraceContext root = TraceContext.newRoot();
    assertThat(TraceContext.parse(root.toTraceparent(), null)).contains(root);
  }

  @Test
  void tracestateFollowsTheW3cMemberGrammar() {
    assertThat(TraceContext.parse(VALID, "a@sys=1,b-c_d*e/f=x y").orElseThrow().traceState())
        .contains("a@sys=1,b-c_d*e/f=x y");
    assertThat(TraceContext.parse(VALID, "a=1,,b=2").orElseThrow().traceState()).contains("a=1,,b=2");
    for (String bad : new String[] {"A=1", "1a=1", "a=b=c", "a=", "a=b,c", "a@=1", "a@Sys=1", "a=caf\u00e9",
        "a=x\ty", "k".repeat(257) + "=1"}) {
      assertThat(TraceContext.parse(VALID, bad).orElseThrow().traceState()).as(bad).isEmpty();
    }
  }

  @Test
  void ofBuildsTheSameContextParsingWouldAndRefusesBadParts() {
    TraceContext built = TraceContext.of("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", 3, "k=v");

    assertThat(built).isEqualTo(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03", "k=v")
        .orElseThrow());
    assertThat(TraceContext.of("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", 1, "BAD KEY=v").traceState())
        .isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> TraceContext.of("00000000000000000000000000000000", "00f067aa0ba902b7", 1, null))
        .hasMessageContaining("invalid trace id");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> TraceContext.of("4bf92f3577b34da6a3ce929d0e0e4736", "00F067AA0BA902B7", 1, null))
        .hasMessageContaining("invalid span id");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> TraceContext.of("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", 256, null))
        .hasMessageContaining("0..255");
  }
}

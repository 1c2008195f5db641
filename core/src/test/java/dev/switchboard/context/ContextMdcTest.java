package dev.switchboard.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ContextMdcTest {
  private static final CallContext CONTEXT = CallContext.empty().withCorrelationId("req-1")
      .withTrace(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null).orElseThrow());

  @AfterEach
  void restoreDefaults() {
    ContextMdc.useKeys(MdcKeys.SWITCHBOARD);
    RecordingInboundScopes.EVENTS.clear();
  }

  @Test
  void springKeysPutTheIdsWhereSpringBootsLogPatternLooks() {
    ContextMdc.useKeys(MdcKeys.SPRING);
    try (ContextMdc.Scope ignored = ContextMdc.attach(CONTEXT)) {
      assertThat(MDC.get("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(MDC.get("spanId")).isEqualTo("00f067aa0ba902b7");
      assertThat(MDC.get("correlationId")).isEqualTo("req-1");
      assertThat(MDC.get(ContextMdc.TRACE_ID)).isNull();
    }
    assertThat(MDC.get("traceId")).isNull();
  }

  @Test
  void aScopeRestoresTheKeysItWroteEvenIfTheNamesChangedMeanwhile() {
    ContextMdc.Scope scope = ContextMdc.attach(CONTEXT);
    ContextMdc.useKeys(MdcKeys.SPRING);
    scope.close();

    assertThat(MDC.get(ContextMdc.TRACE_ID)).isNull();
    assertThat(ContextMdc.keys()).isEqualTo(MdcKeys.SPRING);
  }

  @Test
  void presetsAreNamedAndABadNameIsRefusedNamingTheProperty() {
    assertThat(MdcKeys.named(" Spring ")).isEqualTo(MdcKeys.SPRING);
    assertThat(MdcKeys.named("switchboard")).isEqualTo(MdcKeys.SWITCHBOARD);
    assertThatThrownBy(() -> MdcKeys.named("b3")).hasMessageContaining("switchboard.mdc.keys")
        .hasMessageContaining("\"b3\"");
    assertThatThrownBy(() -> new MdcKeys("id", "id", "span")).hasMessageContaining("must differ");
  }

  @Test
  void attachInboundOpensTheProvidersOnTheClassPathWhileTheContextIsBoundAndClosesThemFirst() {
    try (ContextMdc.Scope ignored = ContextMdc.attachInbound(CONTEXT)) {
      assertThat(RecordingInboundScopes.EVENTS).containsExactly("open req-1 bound=req-1");
    }
    assertThat(RecordingInboundScopes.EVENTS).containsExactly("open req-1 bound=req-1", "close req-1");
    assertThat(CallContext.current().correlationId()).isEmpty();
  }

  @Test
  void plainAttachOpensNoInboundScope() {
    try (ContextMdc.Scope ignored = ContextMdc.attach(CONTEXT)) {
      assertThat(RecordingInboundScopes.EVENTS).isEmpty();
    }
  }
}

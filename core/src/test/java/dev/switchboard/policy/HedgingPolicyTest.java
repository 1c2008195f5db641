package dev.switchboard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.StatusException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.pipeline.Request;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HedgingPolicyTest {
  @Test
  void defaultsAreTwoAttemptsAfterTheP95LatencyBetweenOneMillisecondAndOneSecond() {
    HedgingPolicy p = HedgingPolicy.builder().build();
    assertThat(p.maxAttempts()).isEqualTo(2);
    assertThat(p.isFixed()).isFalse();
    assertThat(p.percentile()).isEqualTo(95.0);
    assertThat(p.minDelay()).isEqualTo(Duration.ofMillis(1));
    assertThat(p.maxDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(HedgingPolicy.disabled().enabled()).isFalse();
    assertThat(p.toBuilder().build().toString()).isEqualTo(p.toString());
  }

  @Test
  void badValuesFailAtBuildNamingTheField() {
    assertThatThrownBy(() -> HedgingPolicy.builder().maxAttempts(0).build()).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> HedgingPolicy.builder().maxAttempts(6).build()).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> HedgingPolicy.fixed(Duration.ZERO)).hasMessageContaining("fixedDelay");
    assertThatThrownBy(() -> HedgingPolicy.fixed(Duration.ofMillis(-1))).hasMessageContaining("fixedDelay");
    for (double bad : new double[] {0, 100, -5, 120, Double.NaN}) {
      assertThatThrownBy(() -> HedgingPolicy.adaptive(bad)).hasMessageContaining("percentile");
    }
    assertThatThrownBy(() -> HedgingPolicy.builder().minDelay(Duration.ZERO).build()).hasMessageContaining("minDelay");
    assertThatThrownBy(() -> HedgingPolicy.builder().minDelay(Duration.ofSeconds(2)).build())
        .hasMessageContaining("maxDelay must be >= minDelay");
    assertThatThrownBy(() -> HedgingPolicy.builder().window(Duration.ofMillis(10)).build()).hasMessageContaining("window");
    assertThatThrownBy(() -> HedgingPolicy.builder().minSamples(0).build()).hasMessageContaining("minSamples");
    assertThatThrownBy(() -> HedgingPolicy.builder().nonFatalOnStatus(700).build()).hasMessageContaining("nonFatalStatuses");
  }

  @Test
  void hedgingPostOrPatchIsRefusedWhenConfiguredAndPointsToTheKeyedOptIn() {
    assertThatThrownBy(() -> HedgingPolicy.builder().methods("GET", "post").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("methods: POST is not idempotent")
        .hasMessageContaining("keyedMethods(\"POST\")");
    assertThatThrownBy(() -> HedgingPolicy.builder().methods("PATCH").build()).hasMessageContaining("PATCH");
  }

  /** What the engine asks: the method, and whether the call is idempotent (method, key or mark). */
  private static boolean applies(HedgingPolicy p, Request r) {
    return p.appliesTo(r.method(), r.idempotent());
  }

  @Test
  void appliesToIdempotentMethodsAndToKeyedCallsOfOptedInMethodsOnly() {
    HedgingPolicy p = HedgingPolicy.builder().keyedMethods("POST").build();
    assertThat(applies(p, Request.builder("GET", "/a").build())).isTrue();
    assertThat(applies(p, Request.builder("PUT", "/a").build())).isTrue();
    assertThat(applies(p, Request.builder("POST", "/a").build())).isFalse();
    assertThat(applies(p, Request.builder("POST", "/a").header("Idempotency-Key", "k").build())).isTrue();
    assertThat(applies(p, Request.builder("POST", "/a").idempotent(true).build())).isTrue();
    assertThat(applies(p, Request.builder("PATCH", "/a").header("Idempotency-Key", "k").build())).isFalse();
    HedgingPolicy readsOnly = HedgingPolicy.builder().methods("GET").build();
    assertThat(applies(readsOnly, Request.builder("PUT", "/a").build())).isFalse();
    assertThat(applies(readsOnly, Request.builder("POST", "/a").header("Idempotency-Key", "k").build())).isFalse();
    assertThat(applies(HedgingPolicy.disabled(), Request.builder("GET", "/a").build())).isFalse();
  }

  @Test
  void connectFailuresAndUnavailableAreNonFatalButANegativePushbackIsNot() {
    HedgingPolicy p = HedgingPolicy.builder().build();
    assertThat(p.isNonFatal(new TransportException(ErrorKind.CONNECT_FAILED, "refused", true, null))).isTrue();
    assertThat(p.isNonFatal(new StatusException(ErrorKind.SERVER_ERROR, 503, "", null, false))).isTrue();
    assertThat(p.isNonFatal(new StatusException(ErrorKind.SERVER_ERROR, HedgingPolicy.GRPC_UNAVAILABLE, "", null, false))).isTrue();
    assertThat(p.isNonFatal(new StatusException(ErrorKind.SERVER_ERROR, 500, "", null, false))).isFalse();
    assertThat(p.isNonFatal(new StatusException(ErrorKind.SERVER_ERROR, 503, "", null, true))).isFalse();
    assertThat(p.isNonFatal(new TransportException(ErrorKind.TIMEOUT, "slow", false, null))).isFalse();
    HedgingPolicy custom = p.toBuilder().nonFatalOn().nonFatalOnStatus().nonFatalIf(e -> e.kind() == ErrorKind.TIMEOUT).build();
    assertThat(custom.isNonFatal(new TransportException(ErrorKind.TIMEOUT, "slow", false, null))).isTrue();
    assertThat(custom.isNonFatal(new StatusException(ErrorKind.SERVER_ERROR, 503, "", null, false))).isFalse();
  }
}

package dev.switchboard.spring.boot;

import dev.switchboard.micrometer.MicrometerTelemetry;
import dev.switchboard.opentelemetry.OpenTelemetryTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics and traces for every client the starter builds, with no code: with
 * {@code switchboard-micrometer} on the class path and a {@link MeterRegistry} bean, a
 * {@link MicrometerTelemetry} bean records to that registry; with {@code switchboard-opentelemetry}
 * and an {@link OpenTelemetry} bean, an {@link OpenTelemetryTracing} bean records spans (and
 * becomes the clients' {@code traceparent} source). Both are {@code TelemetryListener}s, and
 * {@link SwitchboardAutoConfiguration} gives every listener bean to every client, composed in bean
 * order, so with both modules each call is measured and traced.
 *
 * <p>{@code switchboard.metrics.enabled=false} and {@code switchboard.tracing.enabled=false} turn
 * each off; a bean of the same type of the application's own (built with the modules' builders,
 * e.g. with per-endpoint meters) replaces the default one. Runs after Boot's metrics and
 * OpenTelemetry auto-configuration, so their registry and SDK beans are seen, and before
 * {@link SwitchboardAutoConfiguration}, which collects the listeners.
 */
@AutoConfiguration(before = SwitchboardAutoConfiguration.class, afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration"})
public class SwitchboardTelemetryAutoConfiguration {
  /** The property that turns metrics off. */
  public static final String METRICS_ENABLED = "switchboard.metrics.enabled";
  /** The property that turns tracing off. */
  public static final String TRACING_ENABLED = "switchboard.tracing.enabled";

  /** {@link MicrometerTelemetry} on the application's registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"dev.switchboard.micrometer.MicrometerTelemetry",
      "io.micrometer.core.instrument.MeterRegistry"})
  @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
  @ConditionalOnProperty(name = METRICS_ENABLED, havingValue = "true", matchIfMissing = true)
  static class Metrics {
    @Bean
    @ConditionalOnMissingBean
    MicrometerTelemetry switchboardMicrometerTelemetry(MeterRegistry registry) {
      return MicrometerTelemetry.create(registry);
    }
  }

  /** {@link OpenTelemetryTracing} on the application's OpenTelemetry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"dev.switchboard.opentelemetry.OpenTelemetryTracing",
      "io.opentelemetry.api.OpenTelemetry"})
  @ConditionalOnBean(type = "io.opentelemetry.api.OpenTelemetry")
  @ConditionalOnProperty(name = TRACING_ENABLED, havingValue = "true", matchIfMissing = true)
  static class Tracing {
    @Bean
    @ConditionalOnMissingBean
    OpenTelemetryTracing switchboardOpenTelemetryTracing(OpenTelemetry openTelemetry) {
      return OpenTelemetryTracing.create(openTelemetry);
    }
  }
}

package dev.switchboard.spring.boot;

import dev.switchboard.context.InboundOptions;
import dev.switchboard.servlet.CallContextServletFilter;
import dev.switchboard.telemetry.TelemetryListener;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Registers {@link CallContextServletFilter} first in a servlet application's filter chain, on
 * {@code /*} for the {@code REQUEST} dispatcher: every request's correlation id, trace and
 * remaining time (from {@code x-request-timeout-ms}, {@code grpc-timeout} or Envoy's header) are
 * bound for its thread, so each Switchboard call it makes carries them, and a request whose
 * deadline already passed is answered 504. {@code switchboard.server-filter.enabled=false} turns it
 * off; {@code switchboard.server-filter.max-deadline} (default 5m) clamps inbound deadlines.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({jakarta.servlet.Filter.class, FilterRegistrationBean.class})
@ConditionalOnProperty(prefix = "switchboard.server-filter", name = "enabled", matchIfMissing = true)
public class SwitchboardServletAutoConfiguration {
  @Bean
  FilterRegistrationBean<CallContextServletFilter> switchboardContextFilter(Environment environment,
      ObjectProvider<TelemetryListener> listeners) {
    InboundOptions.Builder options = InboundOptions.builder()
        .maxDeadline(environment.getProperty("switchboard.server-filter.max-deadline", Duration.class,
            InboundOptions.DEFAULT_MAX_DEADLINE));
    List<TelemetryListener> all = listeners.orderedStream().toList();
    if (!all.isEmpty()) {
      options.telemetry(TelemetryListener.composite(all));
    }
    FilterRegistrationBean<CallContextServletFilter> registration =
        new FilterRegistrationBean<>(new CallContextServletFilter(options.build()));
    registration.setName("switchboardContextFilter");
    registration.addUrlPatterns("/*");
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10); // before Spring's own filters, so they see the context
    return registration;
  }
}

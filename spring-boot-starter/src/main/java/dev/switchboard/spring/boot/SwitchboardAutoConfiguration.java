package dev.switchboard.spring.boot;

import dev.switchboard.config.ClientConfigs;
import dev.switchboard.http.BodyCodec;
import dev.switchboard.telemetry.TelemetryListener;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Switchboard for Spring Boot: clients bound from {@code switchboard.clients.<name>.*} (any
 * property source: {@code application.yml}, properties, environment variables) by Switchboard's
 * own binder, one {@link dev.switchboard.http.HttpServiceClient} bean per name, and the
 * {@link SwitchboardClients} registry. The body codec is the application's: Jackson 3's
 * {@code JsonMapper} bean when there is one, else Jackson 2's {@code ObjectMapper} bean, else
 * Switchboard's default; a {@link BodyCodec} bean of the application's own replaces all three.
 * Every {@link TelemetryListener} bean (Micrometer, OpenTelemetry, your own) is given to every
 * client. Runs after Jackson's auto-configuration so the mappers exist.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
    "org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration"})
public class SwitchboardAutoConfiguration {
  /** The name of the {@link SwitchboardClients} bean. */
  public static final String CLIENTS_BEAN = "switchboardClients";

  @Bean
  static SwitchboardClientBeansRegistrar switchboardClientBeansRegistrar() {
    return new SwitchboardClientBeansRegistrar();
  }

  @Bean(name = CLIENTS_BEAN, destroyMethod = "close")
  @ConditionalOnMissingBean
  SwitchboardClients switchboardClients(ConfigurableEnvironment environment, BodyCodec switchboardBodyCodec,
      ObjectProvider<TelemetryListener> listeners) {
    return new SwitchboardClients(ClientConfigs.bind(new SpringConfigSource(environment)), switchboardBodyCodec,
        listeners.orderedStream().toList());
  }

  /** The application's codec: see {@link CodecSelection}; a {@link BodyCodec} bean of its own wins. */
  @Bean
  @ConditionalOnMissingBean
  BodyCodec switchboardBodyCodec(ListableBeanFactory beans) {
    return CodecSelection.select(beans);
  }
}

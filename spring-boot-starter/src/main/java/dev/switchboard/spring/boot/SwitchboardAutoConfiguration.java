package dev.switchboard.spring.boot;

import dev.switchboard.config.ClientConfigs;
import dev.switchboard.http.BodyCodec;
import dev.switchboard.http.Jackson3Codec;
import dev.switchboard.http.JsonCodec;
import dev.switchboard.telemetry.TelemetryListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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

  /** Jackson 3, on the application's {@code JsonMapper}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
  @ConditionalOnBean(type = "tools.jackson.databind.json.JsonMapper")
  static class Jackson3CodecConfiguration {
    @Bean
    @ConditionalOnMissingBean(BodyCodec.class)
    BodyCodec switchboardBodyCodec(tools.jackson.databind.json.JsonMapper mapper) {
      return new Jackson3Codec(mapper);
    }
  }

  /** Jackson 2, on the application's {@code ObjectMapper}, when there is no Jackson 3 mapper. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "com.fasterxml.jackson.databind.ObjectMapper")
  @ConditionalOnBean(type = "com.fasterxml.jackson.databind.ObjectMapper")
  static class Jackson2CodecConfiguration {
    @Bean
    @ConditionalOnMissingBean(BodyCodec.class)
    BodyCodec switchboardBodyCodec(com.fasterxml.jackson.databind.ObjectMapper mapper) {
      return new JsonCodec(mapper);
    }
  }

  /** Neither mapper is a bean: Switchboard's default codec. */
  @Configuration(proxyBeanMethods = false)
  static class DefaultCodecConfiguration {
    @Bean
    @ConditionalOnMissingBean(BodyCodec.class)
    BodyCodec switchboardBodyCodec() {
      return BodyCodec.defaults();
    }
  }
}

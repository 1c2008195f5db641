package dev.switchboard.spring.boot;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@link SwitchboardEndpoint} ({@code /actuator/switchboard}) when the actuator is present and the endpoint is exposed. */
@AutoConfiguration(after = SwitchboardAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
public class SwitchboardEndpointAutoConfiguration {
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint(SwitchboardEndpoint.class)
  SwitchboardEndpoint switchboardEndpoint(SwitchboardClients clients) {
    return new SwitchboardEndpoint(clients);
  }
}

package dev.switchboard.spring.boot;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

/**
 * Spring's {@code RestClient} and {@code @HttpExchange} interfaces through Switchboard: the
 * {@link SwitchboardRestClients} bean, and a group configurer that points every HTTP service
 * group ({@code @ImportHttpServices(group = "users", types = ...)}) whose name is a configured
 * Switchboard client at that client: its request factory, base URL {@code http://<name>}, and
 * {@code @Timeout}/{@code @Retry}/{@code @Idempotent} on the interfaces' methods. Groups with other
 * names are left alone.
 */
@AutoConfiguration(after = SwitchboardAutoConfiguration.class, afterName =
    "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration")
@ConditionalOnClass(RestClient.class)
public class SwitchboardRestClientAutoConfiguration {
  @Bean
  @ConditionalOnMissingBean
  SwitchboardRestClients switchboardRestClients(SwitchboardClients clients, ObjectProvider<RestClient.Builder> builders) {
    return new SwitchboardRestClients(clients, () -> builders.getIfAvailable(RestClient::builder));
  }

  @Bean
  RestClientHttpServiceGroupConfigurer switchboardHttpServiceGroups(ObjectProvider<SwitchboardRestClients> restClients,
      ObjectProvider<SwitchboardClients> clients) {
    return new GroupConfigurer(restClients, clients);
  }

  /**
   * Runs last, after Spring Boot's own group configurer (which sets a request factory from
   * {@code spring.http.clients.*}), so a group named after a Switchboard client goes through it.
   */
  static final class GroupConfigurer implements RestClientHttpServiceGroupConfigurer {
    private final ObjectProvider<SwitchboardRestClients> restClients;
    private final ObjectProvider<SwitchboardClients> clients;

    GroupConfigurer(ObjectProvider<SwitchboardRestClients> restClients, ObjectProvider<SwitchboardClients> clients) {
      this.restClients = restClients;
      this.clients = clients;
    }

    @Override
    public void configureGroups(Groups<RestClient.Builder> groups) {
      SwitchboardClients all = clients.getObject();
      SwitchboardRestClients rest = restClients.getObject();
      groups.filter(g -> all.names().contains(g.name()))
          .forEachClient((group, builder) -> rest.configure(builder, group.name()));
      groups.filter(g -> all.names().contains(g.name()))
          .forEachProxyFactory((group, factory) -> factory.httpRequestValuesProcessor(rest.processor()));
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }
}

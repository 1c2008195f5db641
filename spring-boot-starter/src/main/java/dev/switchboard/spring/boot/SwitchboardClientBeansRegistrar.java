package dev.switchboard.spring.boot;

import dev.switchboard.config.ClientConfigs;
import dev.switchboard.http.HttpServiceClient;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Registers one {@link HttpServiceClient} bean per client configured under
 * {@code switchboard.clients}: named {@code <name>Client} in camelCase ({@code users} gives
 * {@code usersClient}, {@code user-service} gives {@code userServiceClient}) and qualified by the
 * client's name, so both {@code @Qualifier("users") HttpServiceClient users} and a parameter named
 * {@code usersClient} inject it. Binding happens here, before any bean is created, so a bad key
 * fails the application's start with every problem listed.
 */
final class SwitchboardClientBeansRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {
  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
    BeanFactory beanFactory = (BeanFactory) registry;
    for (String name : ClientConfigs.bind(new SpringConfigSource((ConfigurableEnvironment) environment)).keySet()) {
      RootBeanDefinition bd = new RootBeanDefinition(HttpServiceClient.class,
          () -> beanFactory.getBean(SwitchboardClients.class).client(name));
      bd.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
      bd.setDependsOn(SwitchboardAutoConfiguration.CLIENTS_BEAN); // closed after the clients' users, by it
      bd.setDestroyMethodName(""); // SwitchboardClients closes every client
      registry.registerBeanDefinition(beanName(name), bd);
    }
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    // nothing: definitions only
  }

  /** {@code user-service} gives {@code userServiceClient}. */
  static String beanName(String client) {
    StringBuilder sb = new StringBuilder();
    boolean upper = false;
    for (char c : client.toCharArray()) {
      if (!Character.isLetterOrDigit(c)) {
        upper = sb.length() > 0;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : sb.length() == 0 ? Character.toLowerCase(c) : c);
        upper = false;
      }
    }
    return sb.length() == 0 ? "switchboardClient" : sb.append("Client").toString();
  }
}

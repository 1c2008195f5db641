package dev.switchboard.spring.boot;

import java.lang.reflect.Method;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ClassUtils;

/**
 * Makes the bean of one {@link SwitchboardClient} interface: a Spring {@code @HttpExchange}
 * interface through {@link SwitchboardRestClients#exchange}, anything else as a Switchboard
 * declarative interface through {@link SwitchboardClients#declarative}. Singleton.
 */
final class SwitchboardClientFactoryBean implements FactoryBean<Object>, BeanFactoryAware {
  private static final String HTTP_EXCHANGE = "org.springframework.web.service.annotation.HttpExchange";

  private final Class<?> api;
  private final String client;
  private BeanFactory beanFactory;

  SwitchboardClientFactoryBean(Class<?> api, String client) {
    this.api = api;
    this.client = client;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public Object getObject() {
    if (isHttpExchange(api)) {
      if (!ClassUtils.isPresent("org.springframework.web.client.RestClient", api.getClassLoader())) {
        throw new IllegalStateException(api.getName() + " is an @HttpExchange interface: add spring-web");
      }
      return beanFactory.getBean(SwitchboardRestClients.class).exchange(api, client);
    }
    return beanFactory.getBean(SwitchboardClients.class).declarative(api, client);
  }

  @Override
  public Class<?> getObjectType() {
    return api;
  }

  /** True when the interface or one of its methods carries {@code @HttpExchange} (or {@code @GetExchange}, ...). */
  static boolean isHttpExchange(Class<?> api) {
    if (MergedAnnotations.from(api).isPresent(HTTP_EXCHANGE)) {
      return true;
    }
    for (Method m : api.getMethods()) {
      if (MergedAnnotations.from(m).isPresent(HTTP_EXCHANGE)) {
        return true;
      }
    }
    return false;
  }
}

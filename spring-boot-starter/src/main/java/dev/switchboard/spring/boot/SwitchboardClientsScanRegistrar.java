package dev.switchboard.spring.boot;

import java.beans.Introspector;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * The registrar behind {@link EnableSwitchboardClients}: finds the {@link SwitchboardClient}
 * interfaces and registers a {@link SwitchboardClientFactoryBean} for each. Runs once per
 * annotation while the context's bean definitions are read.
 */
final class SwitchboardClientsScanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware,
    BeanClassLoaderAware {
  private Environment environment;
  private ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    Map<String, Object> attrs = metadata.getAnnotationAttributes(EnableSwitchboardClients.class.getName());
    Set<String> types = new LinkedHashSet<>();
    for (Class<?> c : (Class<?>[]) attrs.get("clients")) {
      types.add(c.getName());
    }
    Set<String> packages = new LinkedHashSet<>();
    for (String p : (String[]) attrs.get("basePackages")) {
      packages.add(p);
    }
    for (Class<?> c : (Class<?>[]) attrs.get("basePackageClasses")) {
      packages.add(ClassUtils.getPackageName(c));
    }
    if (packages.isEmpty() && types.isEmpty()) {
      packages.add(ClassUtils.getPackageName(metadata.getClassName()));
    }
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false, environment) {
      @Override
      protected boolean isCandidateComponent(AnnotatedBeanDefinition bd) {
        return bd.getMetadata().isInterface() && bd.getMetadata().isIndependent();
      }
    };
    scanner.addIncludeFilter(new AnnotationTypeFilter(SwitchboardClient.class));
    for (String p : packages) {
      for (BeanDefinition bd : scanner.findCandidateComponents(p)) {
        types.add(bd.getBeanClassName());
      }
    }
    for (String type : types) {
      Class<?> api = ClassUtils.resolveClassName(type, classLoader);
      SwitchboardClient annotation = api.getAnnotation(SwitchboardClient.class);
      if (annotation == null) {
        throw new IllegalArgumentException(type + " is listed in @EnableSwitchboardClients(clients = ...) but has no"
            + " @SwitchboardClient naming its client");
      }
      RootBeanDefinition bd = new RootBeanDefinition(SwitchboardClientFactoryBean.class);
      bd.getConstructorArgumentValues().addIndexedArgumentValue(0, api);
      bd.getConstructorArgumentValues().addIndexedArgumentValue(1, annotation.value());
      bd.setAttribute("factoryBeanObjectType", api); // lets Spring match the product by type early
      String name = Introspector.decapitalize(api.getSimpleName());
      if (!registry.containsBeanDefinition(name)) {
        registry.registerBeanDefinition(name, bd);
      }
    }
  }
}

package dev.switchboard.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Registers every {@link SwitchboardClient} interface as a bean, as {@code @EnableFeignClients}
 * does for Feign: the packages scanned are {@link #basePackages()}, those of
 * {@link #basePackageClasses()}, or by default the package of the annotated class; {@link #clients()}
 * adds interfaces by name without scanning. Each bean is named after its interface
 * ({@code userApi}) and is a singleton proxy on the shared client of its name.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Import(SwitchboardClientsScanRegistrar.class)
public @interface EnableSwitchboardClients {
  /** Packages to scan for {@link SwitchboardClient} interfaces. */
  String[] basePackages() default {};

  /** Classes whose packages are scanned. */
  Class<?>[] basePackageClasses() default {};

  /** Interfaces registered without scanning (each must carry {@link SwitchboardClient}). */
  Class<?>[] clients() default {};
}

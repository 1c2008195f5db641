package dev.switchboard.consumercheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The Switchboard jars a user of switchboard-bom gets: each BOM entry is one of them, each names its
 * Java module, and none shares a module name or a package with another.
 */
class PublishedJarsTest {
  private static final String GROUP = "dev.switchboard";

  /** One of our jars on the class path, with the POM that Maven embedded in it. */
  private record Published(String artifactId, Path jar, Element pom, String moduleName, ModuleDescriptor module) {}

  private static List<Published> published;

  @BeforeAll
  static void readOurJars() throws IOException {
    published = new ArrayList<>();
    for (Path jar : ClassPathJars.all()) {
      try (JarFile file = new JarFile(jar.toFile())) {
        for (ZipEntry entry : file.stream().toList()) {
          String name = entry.getName();
          if (name.startsWith("META-INF/maven/" + GROUP + "/") && name.endsWith("/pom.xml")) {
            String artifactId = name.split("/")[3];
            Element pom;
            try (InputStream in = file.getInputStream(entry)) {
              pom = Poms.read(in);
            }
            String moduleName = file.getManifest() == null
                ? null
                : file.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
            // The JDK's own reading of the jar as an automatic module; it rejects invalid names.
            ModuleDescriptor module = ModuleFinder.of(jar).findAll().iterator().next().descriptor();
            published.add(new Published(artifactId, jar, pom, moduleName, module));
          }
        }
      }
    }
  }

  @Test
  void everyModuleTheBomListsIsOnTheConsumersClassPath() {
    List<String> bom = Poms.managedArtifactIds(Poms.read(Poms.root().resolve("bom/pom.xml")), GROUP);
    TreeSet<String> onClassPath = new TreeSet<>();
    published.forEach(p -> onClassPath.add(p.artifactId()));

    assertThat(bom).as("switchboard-bom's own modules").isNotEmpty();
    assertThat(onClassPath)
        .as("consumer-check/pom.xml must depend on every module switchboard-bom lists, and only those")
        .containsExactlyInAnyOrderElementsOf(bom);
  }

  @Test
  void everyPublishedJarNamesItsJavaModule() {
    assertThat(published).isNotEmpty();
    for (Published p : published) {
      assertThat(p.moduleName()).as("Automatic-Module-Name of %s", p.jar()).isNotNull().startsWith(GROUP + ".");
      assertThat(p.module().isAutomatic()).isTrue();
      assertThat(p.module().name()).as("the module name the JDK reads from %s", p.jar()).isEqualTo(p.moduleName());
    }
  }

  @Test
  void noTwoPublishedJarsShareAModuleNameOrAPackage() {
    Map<String, String> moduleOwner = new HashMap<>();
    Map<String, String> packageOwner = new HashMap<>();
    for (Published p : published) {
      String previous = moduleOwner.putIfAbsent(p.moduleName(), p.artifactId());
      assertThat(previous).as("module name %s of %s", p.moduleName(), p.artifactId()).isNull();
      for (String pkg : p.module().packages()) {
        String owner = packageOwner.putIfAbsent(pkg, p.artifactId());
        assertThat(owner).as("package %s is in both %s and %s (a split package)", pkg, owner, p.artifactId()).isNull();
      }
    }
  }

  @Test
  void everyPublishedPomHasItsOwnNameAndDescription() {
    Set<String> names = new TreeSet<>();
    for (Published p : published) {
      String name = Poms.childText(p.pom(), "name");
      assertThat(name).as("<name> in %s's pom.xml", p.artifactId()).isNotBlank();
      assertThat(Poms.childText(p.pom(), "description"))
          .as("<description> in %s's pom.xml", p.artifactId()).isNotBlank();
      assertThat(names.add(name)).as("<name>%s</name> is used twice", name).isTrue();
    }
  }
}

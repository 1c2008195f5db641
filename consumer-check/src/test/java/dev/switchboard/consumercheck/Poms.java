package dev.switchboard.consumercheck;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Reads the few things the checks need from a POM, without Maven: direct children of elements. */
final class Poms {
  private Poms() {}

  /** The project root: the reactor directory, handed over by the build as {@code switchboard.root}. */
  static Path root() {
    String root = System.getProperty("switchboard.root");
    if (root == null) {
      throw new IllegalStateException("system property switchboard.root is not set; run through Maven");
    }
    return Path.of(root).normalize();
  }

  static Element read(Path pom) {
    try (InputStream in = Files.newInputStream(pom)) {
      return read(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + pom, e);
    }
  }

  static Element read(InputStream pom) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(pom);
      return document.getDocumentElement();
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("not a POM: " + e.getMessage(), e);
    }
  }

  /** The text of the direct child {@code name} of {@code parent}, or null when there is none. */
  static String childText(Element parent, String name) {
    Element child = child(parent, name);
    return child == null ? null : child.getTextContent().trim();
  }

  static Map<String, String> properties(Element project) {
    Map<String, String> properties = new LinkedHashMap<>();
    Element block = child(project, "properties");
    if (block != null) {
      for (Element property : children(block)) {
        properties.put(property.getTagName(), property.getTextContent().trim());
      }
    }
    return properties;
  }

  /** artifactIds under dependencyManagement with the given groupId (imports excluded). */
  static List<String> managedArtifactIds(Element project, String groupId) {
    List<String> artifactIds = new ArrayList<>();
    Element management = child(project, "dependencyManagement");
    Element dependencies = management == null ? null : child(management, "dependencies");
    if (dependencies == null) {
      return artifactIds;
    }
    for (Element dependency : children(dependencies)) {
      if (groupId.equals(childText(dependency, "groupId")) && !"import".equals(childText(dependency, "scope"))) {
        artifactIds.add(childText(dependency, "artifactId"));
      }
    }
    return artifactIds;
  }

  private static Element child(Element parent, String name) {
    for (Element child : children(parent)) {
      if (child.getTagName().equals(name)) {
        return child;
      }
    }
    return null;
  }

  private static List<Element> children(Element parent) {
    List<Element> elements = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element) {
        elements.add(element);
      }
    }
    return elements;
  }
}

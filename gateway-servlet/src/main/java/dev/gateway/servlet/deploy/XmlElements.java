package dev.gateway.servlet.deploy;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reading a deployment descriptor's elements by local name, whatever its namespace (javaee, jakartaee, none). */
final class XmlElements {

    private XmlElements() {
    }

    /** The child elements of {@code parent} named {@code name}, in order. */
    static List<Element> children(Element parent, String name) {
        List<Element> children = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(localName(element))) {
                children.add(element);
            }
        }
        return children;
    }

    /** The trimmed text of the first child named {@code name}, or null. */
    static String text(Element parent, String name) {
        List<Element> children = children(parent, name);
        return children.isEmpty() ? null : children.get(0).getTextContent().trim();
    }

    /** The trimmed texts of every child named {@code name}. */
    static List<String> texts(Element parent, String name) {
        return children(parent, name).stream().map(e -> e.getTextContent().trim()).toList();
    }

    static String localName(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }
}

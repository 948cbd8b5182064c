package org.nymote.dav.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.nymote.dav.DavException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses request bodies into DOM, refusing any document with a DOCTYPE: with no DTD there are no
 * entities to expand and no external entity to fetch (XXE). Bad XML is a 400. Thread-safe.
 */
public final class XmlReader {
  private static final DocumentBuilderFactory FACTORY = factory();

  private XmlReader() {}

  private static DocumentBuilderFactory factory() {
    var f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    try {
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a safety feature", e);
    }
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return f;
  }

  /** The root element of {@code body}; empty for an empty body. */
  public static Optional<Element> parse(byte[] body) {
    if (body.length == 0 || new String(body, 0, Math.min(body.length, 64)).isBlank()) {
      return Optional.empty();
    }
    try {
      DocumentBuilder b = FACTORY.newDocumentBuilder();
      b.setErrorHandler(QUIET);
      b.setEntityResolver((publicId, systemId) -> {
        throw new SAXException("external entities are not allowed");
      });
      Document d = b.parse(new ByteArrayInputStream(body));
      return Optional.of(d.getDocumentElement());
    } catch (SAXException e) {
      throw new DavException(400, "the XML body is malformed or uses a DTD: " + e.getMessage());
    } catch (IOException | ParserConfigurationException e) {
      throw new DavException(400, "the XML body cannot be read: " + e.getMessage());
    }
  }

  /** The root element, which must be {@code expected}. */
  public static Element parse(byte[] body, QName expected) {
    Element root =
        parse(body).orElseThrow(() -> new DavException(400, "expected a body " + expected));
    if (!is(root, expected)) {
      throw new DavException(400, "expected " + expected + ", got " + name(root));
    }
    return root;
  }

  public static QName name(Element e) {
    return new QName(e.getNamespaceURI() == null ? "" : e.getNamespaceURI(), e.getLocalName());
  }

  public static boolean is(Element e, QName name) {
    return name.equals(name(e));
  }

  /** The child elements of {@code e}, in order. */
  public static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        out.add(c);
      }
    }
    return out;
  }

  public static Optional<Element> child(Element e, QName name) {
    return children(e).stream().filter(c -> is(c, name)).findFirst();
  }

  public static List<Element> all(Element e, QName name) {
    return children(e).stream().filter(c -> is(c, name)).toList();
  }

  private static final ErrorHandler QUIET = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {}

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };
}

package org.nymote.server.http;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.nymote.mail.smtp.MailAddress;
import org.nymote.server.smtp.MailDomains;

/**
 * Thunderbird's autoconfig document ({@code config-v1.1.xml}, also read by Evolution, KMail and
 * others): where to find IMAP, submission, CalDAV and CardDAV for an address. Served without
 * authentication at {@code /.well-known/autoconfig/mail/config-v1.1.xml} and {@code
 * /mail/config-v1.1.xml} (the path Thunderbird asks {@code autoconfig.DOMAIN} for), for {@code
 * ?emailaddress=NAME@DOMAIN}.
 *
 * <p>The ports are those this serve really listens on. The host is this device's name in the
 * user's zone when DOMAIN is a zone it serves (the name the SRV records give), else, for one of
 * the home's mail domains, the name the client reached this server by. Any other domain is 404:
 * this server does not hold mail for it. The document says nothing about whether NAME exists.
 */
final class MailAutoconfig extends Handler.Abstract.NonBlocking {
  static final List<String> PATHS =
      List.of("/.well-known/autoconfig/mail/config-v1.1.xml", "/mail/config-v1.1.xml");

  private static final int MAX_ADDRESS = 254;

  /**
   * What this serve offers: its device's label in the users' zones, the zones it serves (names
   * without the final dot), the home's mail domains, and the port of each service by its name
   * ({@code imaps}, {@code submission}, {@code https} ...).
   */
  record Offer(
      String deviceLabel,
      Supplier<List<String>> zones,
      MailDomains mailDomains,
      Map<String, Integer> ports) {}

  private volatile Offer offer;

  /** Starts answering with {@code offer}; until then requests get 503. */
  void offer(Offer offer) {
    this.offer = offer;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!Reply.onlyReads(request, response, callback)) {
      return true;
    }
    Offer current = offer;
    if (current == null) {
      Reply.text(response, callback, 503, "starting: ask again in a moment\n");
      return true;
    }
    Fields query = Request.extractQueryParameters(request);
    String value = query.getValue("emailaddress");
    if (value == null || value.isBlank()) {
      Reply.text(
          response, callback, 400, "missing ?emailaddress=NAME@DOMAIN: the address to set up\n");
      return true;
    }
    Optional<MailAddress> address =
        value.length() > MAX_ADDRESS ? Optional.empty() : MailAddress.parse(value.strip());
    if (address.isEmpty() || address.get().domain().startsWith("[")) {
      Reply.text(response, callback, 400, "emailaddress is not an address like name@example.org\n");
      return true;
    }
    String domain = address.get().domain().toLowerCase(Locale.ROOT);
    Optional<String> host;
    try {
      host = host(current, domain, request);
    } catch (IOException e) {
      Reply.text(response, callback, 500, "cannot read the mail domains: " + e.getMessage() + "\n");
      return true;
    }
    if (host.isEmpty()) {
      Reply.text(response, callback, 404, "this server holds no mail for " + domain + "\n");
      return true;
    }
    String body;
    try {
      body = document(domain, host.get(), current.ports());
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write the autoconfig document", e);
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    Content.Sink.write(response, true, body, callback);
    return true;
  }

  private static Optional<String> host(Offer offer, String domain, Request request)
      throws IOException {
    if (offer.zones().get().contains(domain)) {
      return Optional.of(offer.deviceLabel() + "." + domain);
    }
    if (offer.mailDomains().contains(domain)) {
      return Optional.of(Request.getServerName(request));
    }
    return Optional.empty();
  }

  /** The document for {@code domain}, pointing at {@code host} and the services' ports. */
  static String document(String domain, String host, Map<String, Integer> ports)
      throws XMLStreamException {
    var text = new StringWriter();
    XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
    xml.writeStartDocument("UTF-8", "1.0");
    xml.writeStartElement("clientConfig");
    xml.writeAttribute("version", "1.1");
    xml.writeStartElement("emailProvider");
    xml.writeAttribute("id", domain);
    element(xml, "domain", domain);
    element(xml, "displayName", "Nymote (" + domain + ")");
    element(xml, "displayShortName", "Nymote");
    // Implicit TLS first: the order is the client's order of preference.
    server(xml, "incomingServer", "imap", host, port(ports, "imaps"), "SSL");
    server(xml, "incomingServer", "imap", host, port(ports, "imap"), "STARTTLS");
    server(xml, "outgoingServer", "smtp", host, port(ports, "submissions"), "SSL");
    server(xml, "outgoingServer", "smtp", host, port(ports, "submission"), "STARTTLS");
    xml.writeEndElement();
    Optional<Integer> https = port(ports, "https");
    if (https.isPresent()) {
      dav(xml, "addressBook", "carddav", host, https.get());
      dav(xml, "calendar", "caldav", host, https.get());
    }
    xml.writeEndElement();
    xml.writeEndDocument();
    xml.close();
    return text + "\n";
  }

  private static void server(
      XMLStreamWriter xml,
      String kind,
      String type,
      String host,
      Optional<Integer> port,
      String socketType)
      throws XMLStreamException {
    if (port.isEmpty()) {
      return;
    }
    xml.writeStartElement(kind);
    xml.writeAttribute("type", type);
    element(xml, "hostname", host);
    element(xml, "port", port.get().toString());
    element(xml, "socketType", socketType);
    element(xml, "authentication", "password-cleartext");
    element(xml, "username", "%EMAILLOCALPART%");
    xml.writeEndElement();
  }

  private static void dav(XMLStreamWriter xml, String kind, String type, String host, int port)
      throws XMLStreamException {
    xml.writeStartElement(kind);
    xml.writeAttribute("type", type);
    element(xml, "username", "%EMAILLOCALPART%");
    element(xml, "authentication", "http-basic");
    String authority = host.contains(":") ? "[" + host + "]" : host;
    element(xml, "serverURL", "https://" + authority + ":" + port + "/.well-known/" + type);
    xml.writeEndElement();
  }

  private static void element(XMLStreamWriter xml, String name, String value)
      throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeCharacters(value);
    xml.writeEndElement();
  }

  private static Optional<Integer> port(Map<String, Integer> ports, String service) {
    return Optional.ofNullable(ports.get(service));
  }
}

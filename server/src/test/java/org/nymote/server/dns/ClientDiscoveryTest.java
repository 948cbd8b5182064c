package org.nymote.server.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.server.HomeCertificate;
import org.nymote.server.NymoteProcess;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Client discovery end to end: Thunderbird's autoconfig document, fetched with curl as
 * Thunderbird asks for it, the zone's SRV records asked with dig, and the DAV well-known paths
 * lead clients to services that really answer there: python3 imaplib and smtplib log in where
 * the document says (the name resolved by the zone itself, the certificate checked), and curl
 * finds the CardDAV and CalDAV principal from the document's server URLs.
 */
class ClientDiscoveryTest {
  static final String ZONE = "alice.nymote.test";
  static final String HOST = "laptop." + ZONE;

  @TempDir
  static Path temp;

  static NymoteProcess nymote;
  static String password;
  static Path home;
  static Path caFile;
  static String pin;

  @BeforeAll
  static void start() throws Exception {
    home = temp.resolve("home");
    nymote = NymoteProcess.serve(
        home, "--user", "alice", "--device", "laptop", "--dns-address", "127.0.0.1");
    password = nymote.password().orElseThrow();
    Certificate cert = HomeCertificate.of(home);
    caFile = HomeCertificate.writePem(home, temp.resolve("nymote.pem"));
    pin = "sha256//"
        + Base64.getEncoder()
            .encodeToString(
                MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
    var added = NymoteProcess.run(home, "", "mail", "domain", "add", "example.org");
    assertThat(added.exitCode()).as(added.stderr()).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    nymote.close();
  }

  @Test
  void theAutoconfigDocumentNamesTheDeviceInTheZoneAndThePortsServeListensOn() throws Exception {
    Document doc = autoconfig("/.well-known/autoconfig/mail/config-v1.1.xml", "alice@" + ZONE);
    assertThat(doc.getDocumentElement().getAttribute("version")).isEqualTo("1.1");
    assertThat(servers(doc))
        .containsExactly(
            "incomingServer imap " + HOST + " " + nymote.port("imaps") + " SSL",
            "incomingServer imap " + HOST + " " + nymote.port("imap") + " STARTTLS",
            "outgoingServer smtp " + HOST + " " + nymote.port("submissions") + " SSL",
            "outgoingServer smtp " + HOST + " " + nymote.port("submission") + " STARTTLS");
    assertThat(text(doc, "username")).containsOnly("%EMAILLOCALPART%");
    assertThat(text(doc, "serverURL"))
        .containsExactly(
            "https://" + HOST + ":" + nymote.port("https") + "/.well-known/carddav",
            "https://" + HOST + ":" + nymote.port("https") + "/.well-known/caldav");
    // Thunderbird asks autoconfig.DOMAIN for /mail/config-v1.1.xml: the same document.
    assertThat(servers(autoconfig("/mail/config-v1.1.xml", "alice@" + ZONE)))
        .isEqualTo(servers(doc));
  }

  @Test
  void theSrvRecordsAgreeWithTheDocumentAndTheZoneResolvesItsHost() throws Exception {
    int dns = nymote.port("dns-udp");
    assertThat(Tools.short_(dns, HOST, "A")).containsExactly("127.0.0.1");
    for (String[] pair : new String[][] {
      {"_imaps._tcp", "imaps"},
      {"_imap._tcp", "imap"},
      {"_submissions._tcp", "submissions"},
      {"_submission._tcp", "submission"},
      {"_caldavs._tcp", "https"},
      {"_carddavs._tcp", "https"}
    }) {
      assertThat(Tools.short_(dns, pair[0] + "." + ZONE, "SRV"))
          .as(pair[0])
          .containsExactly("0 1 " + nymote.port(pair[1]) + " " + HOST + ".");
    }
  }

  @Test
  void imapAndSubmissionClientsLogInWhereTheDocumentSays() throws Exception {
    Document doc = autoconfig("/.well-known/autoconfig/mail/config-v1.1.xml", "alice@" + ZONE);
    String address = Tools.short_(nymote.port("dns-udp"), HOST, "A").getFirst();
    for (Element server : elements(doc, "incomingServer", "outgoingServer")) {
      String kind = server.getAttribute("type") + "-" + child(server, "socketType");
      String user = child(server, "username").replace("%EMAILLOCALPART%", "alice");
      Tools.Result login =
          python("login.py", kind, address, child(server, "port"), user, caFile.toString());
      assertThat(login.exitCode()).as(kind + ": " + login.output()).isZero();
      assertThat(login.output())
          .contains(kind.startsWith("imap") ? "selected INBOX" : "authenticated: 235");
    }
  }

  @Test
  void theDavServerUrlsLeadToTheUsersPrincipal() throws Exception {
    Document doc = autoconfig("/.well-known/autoconfig/mail/config-v1.1.xml", "alice@" + ZONE);
    for (String url : text(doc, "serverURL")) {
      Tools.Result propfind = Tools.run(
          "curl",
          "-sS",
          "-L",
          "--max-time",
          "30",
          "--resolve",
          HOST + ":" + nymote.port("https") + ":127.0.0.1",
          // The certificate names the device in the zone: checked against the home's certificate.
          "--cacert",
          caFile.toString(),
          "-u",
          "alice:" + password,
          "-X",
          "PROPFIND",
          "-H",
          "Depth: 0",
          "-H",
          "Content-Type: application/xml",
          "--data",
          "<propfind xmlns='DAV:'><prop><current-user-principal/></prop></propfind>",
          "-w",
          "\n%{http_code}",
          url);
      assertThat(propfind.output())
          .as(url)
          .contains("current-user-principal")
          .contains("/alice/")
          .endsWith("207");
    }
  }

  @Test
  void aMailDomainOfTheHomeGetsTheNameTheClientAskedBy() throws Exception {
    Document doc =
        autoconfig("autoconfig.example.org", "/mail/config-v1.1.xml", "someone@Example.org");
    assertThat(servers(doc))
        .first()
        .isEqualTo("incomingServer imap autoconfig.example.org " + nymote.port("imaps") + " SSL");
    assertThat(text(doc, "domain")).containsExactly("example.org");
  }

  @Test
  void badRequestsGetAReasonAndOtherDomainsNothing() throws Exception {
    String path = "/.well-known/autoconfig/mail/config-v1.1.xml";
    assertThat(fetch("127.0.0.1", path, "GET")).startsWith("400").contains("emailaddress");
    assertThat(fetch("127.0.0.1", path + "?emailaddress=not-an-address", "GET")).startsWith("400");
    assertThat(
            fetch("127.0.0.1", path + "?emailaddress=" + "a".repeat(300) + "@example.org", "GET"))
        .startsWith("400");
    assertThat(fetch("127.0.0.1", path + "?emailaddress=bob@elsewhere.example", "GET"))
        .startsWith("404")
        .contains("no mail for elsewhere.example");
    assertThat(fetch("127.0.0.1", path + "?emailaddress=alice@" + ZONE, "POST")).startsWith("405");
  }

  private static Document autoconfig(String path, String address) throws Exception {
    return autoconfig("127.0.0.1", path, address);
  }

  private static Document autoconfig(String host, String path, String address) throws Exception {
    String reply = fetch(host, path + "?emailaddress=" + address, "GET");
    assertThat(reply).startsWith("200\n");
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(reply.substring(4).getBytes(StandardCharsets.UTF_8)));
  }

  /** curl, as a client finds the document: status code, a newline, then the body. */
  private static String fetch(String host, String path, String method) throws Exception {
    int https = nymote.port("https");
    List<String> command = new ArrayList<>(List.of(
        "curl", "-sS", "--max-time", "30", "-X", method, "-o", "-", "-w", "%{http_code}\n"));
    if (host.equals("127.0.0.1")) {
      command.addAll(List.of("--cacert", caFile.toString()));
    } else {
      command.addAll(
          List.of("--resolve", host + ":" + https + ":127.0.0.1", "-k", "--pinnedpubkey", pin));
    }
    command.add("https://" + host + ":" + https + path);
    Tools.Result result = Tools.run(command.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.output()).isZero();
    String out = result.output();
    int end = out.stripTrailing().lastIndexOf('\n');
    String status = out.stripTrailing().substring(end + 1);
    return status + "\n" + out.substring(0, Math.max(end, 0));
  }

  private static List<String> servers(Document doc) {
    return elements(doc, "incomingServer", "outgoingServer").stream()
        .map(e -> e.getTagName() + " " + e.getAttribute("type") + " " + child(e, "hostname") + " "
            + child(e, "port") + " " + child(e, "socketType"))
        .toList();
  }

  private static List<Element> elements(Document doc, String... names) {
    List<Element> found = new ArrayList<>();
    for (String name : names) {
      var list = doc.getElementsByTagName(name);
      for (int i = 0; i < list.getLength(); i++) {
        found.add((Element) list.item(i));
      }
    }
    return found;
  }

  private static List<String> text(Document doc, String name) {
    var list = doc.getElementsByTagName(name);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < list.getLength(); i++) {
      values.add(list.item(i).getTextContent());
    }
    return values;
  }

  private static String child(Element e, String name) {
    return e.getElementsByTagName(name).item(0).getTextContent();
  }

  private static Tools.Result python(String script, String... args) throws Exception {
    Path file = temp.resolve(script);
    if (!Files.exists(file)) {
      try (var in = ClientDiscoveryTest.class.getResourceAsStream("/discovery/" + script)) {
        Files.write(file, in.readAllBytes());
      }
    }
    List<String> command = new ArrayList<>(List.of("python3", file.toString()));
    command.addAll(List.of(args));
    var pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("PASSWORD", password);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(script + " did not end");
    }
    return new Tools.Result(p.exitValue(), out);
  }
}

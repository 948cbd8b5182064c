package org.nymote.dav.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nymote.dav.DavException;

class XmlReaderTest {
  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aDoctypeIsRefusedSoNoEntityIsEverExpanded() {
    assertThatThrownBy(() -> XmlReader.parse(
            b("<!DOCTYPE a [<!ENTITY x SYSTEM" + " 'file:///etc/passwd'>]><a>&x;</a>")))
        .isInstanceOfSatisfying(DavException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> XmlReader.parse(
            b("<!DOCTYPE a [<!ENTITY a 'aaaa'>" + "<!ENTITY b '&a;&a;&a;&a;'>]><a>&b;</a>")))
        .isInstanceOf(DavException.class);
  }

  @Test
  void namespacesAreRead() {
    var root = XmlReader.parse(
        b("<D:propfind xmlns:D='DAV:'><D:prop><x:y xmlns:x='urn:x'/>" + "</D:prop></D:propfind>"),
        Names.dav("propfind"));

    var prop = XmlReader.child(root, Names.dav("prop")).orElseThrow();
    assertThat(XmlReader.name(XmlReader.children(prop).get(0)))
        .isEqualTo(new javax.xml.namespace.QName("urn:x", "y"));
  }
}

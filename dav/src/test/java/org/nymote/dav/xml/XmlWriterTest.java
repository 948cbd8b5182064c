package org.nymote.dav.xml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XmlWriterTest {
  @Test
  void textIsEscapedAndCharactersXmlCannotHoldAreDropped() {
    var w = XmlWriter.fragment();
    w.element(Names.dav("href"), "/a b/é.ics");
    w.element(Names.dav("displayname"), "<b>\"Tom & Jerry\"</b>\r\n\tend\u0001\u001f!");
    assertThat(w.toString())
        .isEqualTo("<D:href>/a b/é.ics</D:href>"
            + "<D:displayname>&lt;b&gt;\"Tom &amp; Jerry\"&lt;/b&gt;&#13;\n\tend!</D:displayname>");
  }

  @Test
  void attributesEscapeQuotes() {
    var w = XmlWriter.fragment();
    w.emptyWith(Names.caldav("comp"), "name", "a\"b<c>&");
    assertThat(w.toString()).isEqualTo("<C:comp name=\"a&quot;b&lt;c&gt;&amp;\"/>");
  }

  @Test
  void aClearedFragmentIsWrittenAfresh() {
    var w = XmlWriter.fragment();
    w.element(Names.dav("href"), "one");
    w.clear();
    assertThat(w.isEmpty()).isTrue();
    w.element(Names.dav("href"), "two");
    assertThat(w.toString()).isEqualTo("<D:href>two</D:href>");
  }
}

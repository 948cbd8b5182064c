package org.nymote.bench.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The load generator's client reads a whole tagged response, literals included, so that one
 * connection carries command after command and a FETCH body is not taken for a tagged line.
 */
class ImapConnectionTest {
  private static ImapConnection over(String serverBytes, ByteArrayOutputStream sent) {
    return new ImapConnection(
        new ByteArrayInputStream(serverBytes.getBytes(StandardCharsets.ISO_8859_1)), sent);
  }

  @Test
  void aLiteralThatLooksLikeATaggedLineIsReadAsData() throws IOException {
    String body = "a1 OK not the end\r\nSubject: x\r\n";
    var sent = new ByteArrayOutputStream();
    var c = over(
        "* 1 FETCH (UID 7 BODY[] {" + body.length() + "}\r\n" + body + ")\r\n"
            + "a1 OK FETCH done\r\n"
            + "a2 NO [TRYCREATE] no such mailbox\r\n",
        sent);

    var first = c.command("UID FETCH 7 BODY.PEEK[]");
    assertThat(first.ok()).isTrue();
    assertThat(first.text()).isEqualTo("FETCH done");
    assertThat(first.untagged()).hasSize(1);
    assertThat(first.untagged().getFirst()).contains("BODY[] {").endsWith(")");

    var second = c.command("APPEND Nowhere", "hi\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(second.ok()).isFalse();
    assertThat(second.status()).isEqualTo("NO");
    assertThat(sent.toString(StandardCharsets.US_ASCII))
        .isEqualTo("a1 UID FETCH 7 BODY.PEEK[]\r\na2 APPEND Nowhere {4+}\r\nhi\r\n\r\n");
  }

  @Test
  void appendUidAndSearchResultsAreRead() throws IOException {
    var c = over(
        "a1 OK [APPENDUID 1763900000 42] APPEND completed\r\n"
            + "* SEARCH 5 3 10\r\n* SEARCH\r\na2 OK SEARCH completed\r\n",
        new ByteArrayOutputStream());
    assertThat(c.command("APPEND INBOX").text()).startsWith("[APPENDUID 1763900000 42]");
    assertThat(ImapLoad.searchUids(c.command("UID SEARCH ALL"))).containsExactly(3, 5, 10);
  }

  @Test
  void aClosedConnectionOrAnEndlessLineIsAnError() {
    var closed = over("* 1 EXISTS\r\n", new ByteArrayOutputStream());
    assertThatThrownBy(() -> closed.command("NOOP")).isInstanceOf(IOException.class);

    var endless = over("*".repeat(ImapConnection.MAX_LINE + 10), new ByteArrayOutputStream());
    assertThatThrownBy(() -> endless.command("NOOP"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("over");
  }

  @Test
  void literalSizesAreOnlyTakenFromTheEndOfALine() {
    assertThat(ImapConnection.literalSize("* 1 FETCH (BODY[] {123}")).isEqualTo(123);
    assertThat(ImapConnection.literalSize("* OK {not}")).isEqualTo(-1);
    assertThat(ImapConnection.literalSize("* OK {}")).isEqualTo(-1);
    assertThat(ImapConnection.literalSize("a1 OK done")).isEqualTo(-1);
  }

  @Test
  void passwordsAreQuoted() {
    assertThat(ImapLoad.quoted("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
  }

  @Test
  void prefilledMessagesAreTheSameForEveryTargetAndCarrySearchableWords() {
    var load = new ImapLoad(null, 1, 1024);
    String m = new String(load.prefillMessage(12), StandardCharsets.US_ASCII);
    assertThat(load.prefillMessage(12)).isEqualTo(load.prefillMessage(12));
    assertThat(m).contains("Subject: message 12\r\n").contains(ImapLoad.WORDS.get(12));
    assertThat(m.length()).isBetween(900, 1024);
  }
}

package org.nymote.mail.imap.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nymote.mail.imap.command.FetchItem;
import org.nymote.mail.imap.command.ImapCommand;

/** The parts of the grammar IMAP4rev2 (RFC 9051) and BINARY (RFC 3516) add. */
class Rev2ParserTest {
  private static ImapCommand parse(Parser p, String line) throws ImapException {
    return p.parse(line.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void binaryFetchItems() throws Exception {
    var f = (ImapCommand.Fetch) parse(
        new Parser(Limits.DEFAULT),
        "a UID FETCH 1:* (BINARY[1.2] BINARY.PEEK[]<0.10> BINARY.SIZE[3])");
    assertThat(f.items())
        .contains(
            new FetchItem.Binary(false, List.of(1, 2), Optional.empty()),
            new FetchItem.Binary(true, List.of(), Optional.of(new FetchItem.Partial(0, 10))),
            new FetchItem.BinarySize(List.of(3)));
  }

  @Test
  void binaryTakesPartNumbersOnly() {
    Parser p = new Parser(Limits.DEFAULT);
    for (String bad : List.of(
        "a FETCH 1 BINARY[1.HEADER]",
        "a FETCH 1 BINARY[TEXT]",
        "a FETCH 1 BINARY[0]",
        "a FETCH 1 BINARY[1..2]",
        "a FETCH 1 BINARY[1",
        "a FETCH 1 BINARY.SIZE[1]<0.5>")) {
      assertThatThrownBy(() -> parse(p, bad))
          .as(bad)
          .isInstanceOfSatisfying(
              ImapException.class, e -> assertThat(e.status()).isEqualTo(ImapException.Status.BAD));
    }
  }

  @Test
  void mailboxNamesAreModifiedUtf7UntilUtf8IsOn() throws Exception {
    Parser p = new Parser(Limits.DEFAULT);
    assertThat(((ImapCommand.Create) parse(p, "a CREATE R&AOk-sum&AOk-")).mailbox())
        .isEqualTo("Résumé");
    assertThatThrownBy(() -> parse(p, "a CREATE R&D")).isInstanceOf(ImapException.class);
    p.utf8Names(true);
    // IMAP4rev2: '&' is itself, names are UTF-8, INBOX still any case
    assertThat(((ImapCommand.Create) parse(p, "a CREATE R&D")).mailbox()).isEqualTo("R&D");
    assertThat(((ImapCommand.Create) parse(p, "a CREATE \"Résumé\"")).mailbox())
        .isEqualTo("Résumé");
    assertThat(((ImapCommand.Status) parse(p, "a STATUS inbox (SIZE DELETED)")).mailbox())
        .isEqualTo("INBOX");
    byte[] bad = "a CREATE \"\u00ff\"".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> p.parse(bad)).isInstanceOf(ImapException.class);
  }

  @Test
  void utf8NamesGoOutQuotedOnlyToRev2Clients() {
    assertThat(ResponseWriter.mailbox("Résumé", false)).isEqualTo("\"R&AOk-sum&AOk-\"");
    assertThat(ResponseWriter.mailbox("Résumé \"x\"", true)).isEqualTo("\"Résumé \\\"x\\\"\"");
    assertThat(ResponseWriter.mailbox("a\nb", true)).isInstanceOf(byte[].class);
  }
}

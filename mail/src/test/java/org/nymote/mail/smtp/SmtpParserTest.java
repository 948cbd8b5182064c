package org.nymote.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Command lines to commands, and to the reply that refuses them (RFC 5321 4.1.1, 4.1.2). */
class SmtpParserTest {
  @Test
  void mailWithParametersAndTheNullPath() throws Exception {
    assertThat(SmtpParser.parse("mail from:<A.B+c@Example.ORG> SIZE=12 body=8BITMIME"))
        .isEqualTo(new SmtpCommand.Mail(
            Optional.of(new MailAddress("A.B+c", "example.org")),
            Map.of("SIZE", "12", "BODY", "8BITMIME")));
    assertThat(SmtpParser.parse("MAIL FROM:<>"))
        .isEqualTo(new SmtpCommand.Mail(Optional.empty(), Map.of()));
  }

  @Test
  void rcptDropsASourceRouteAndKeepsAQuotedLocalPart() throws Exception {
    assertThat(SmtpParser.parse("RCPT TO:<@relay.test,@other.test:bob@b.test>"))
        .isEqualTo(new SmtpCommand.Rcpt(new MailAddress("bob", "b.test"), Map.of()));
    assertThat(SmtpParser.parse("RCPT TO:<\"john doe\"@b.test>"))
        .isEqualTo(new SmtpCommand.Rcpt(new MailAddress("\"john doe\"", "b.test"), Map.of()));
    assertThat(SmtpParser.parse("RCPT TO:<x@[127.0.0.1]>"))
        .isEqualTo(new SmtpCommand.Rcpt(new MailAddress("x", "[127.0.0.1]"), Map.of()));
  }

  @Test
  void authWithAndWithoutAnInitialResponse() throws Exception {
    assertThat(SmtpParser.parse("AUTH PLAIN AGEAYg=="))
        .isEqualTo(new SmtpCommand.Auth("PLAIN", Optional.of("AGEAYg==")));
    assertThat(SmtpParser.parse("auth login"))
        .isEqualTo(new SmtpCommand.Auth("login", Optional.empty()));
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "MAIL FROM:<a@b..test>     | 501 | 5.1.3",
        "MAIL FROM:<a@-b.test>     | 501 | 5.1.3",
        "MAIL FROM:a@b.test        | 501 | 5.1.3",
        "MAIL FROM:<a@b.test       | 501 | 5.1.3",
        "MAIL TO:<a@b.test>        | 501 | 5.5.4",
        "MAIL FROM:<a@b.test>x     | 501 | 5.5.4",
        "MAIL FROM:<a@b.test> A=1 A=2 | 501 | 5.5.4",
        "RCPT TO:<>                | 501 | 5.1.3",
        "RCPT TO:<no-domain>       | 501 | 5.1.3",
        "RCPT TO:<a b@c.test>      | 501 | 5.1.3",
        "EHLO                      | 501 | 5.5.4",
        "DATA now                  | 501 | 5.5.4",
        "AUTH                      | 501 | 5.5.4",
        "VRFY                      | 501 | 5.5.4",
        "EXPN list                 | 502 | 5.5.1",
        "BDAT 10 LAST              | 502 | 5.5.1",
        "HELLO                     | 500 | 5.5.1",
        "''                        | 500 | 5.5.1",
      })
  void badLinesAreRefusedWithTheirCodes(String line, int code, String status) {
    assertThatThrownBy(() -> SmtpParser.parse(line))
        .isInstanceOfSatisfying(SmtpException.class, e -> {
          assertThat(e.reply().code()).isEqualTo(code);
          assertThat(e.reply().status()).isEqualTo(status);
        });
  }

  @Test
  void nonAsciiAndControlCharactersAreRefused() {
    for (String line : new String[] {"MAIL FROM:<j\u00f6rg@b.test>", "NOOP \u0000"}) {
      assertThatThrownBy(() -> SmtpParser.parse(line))
          .isInstanceOfSatisfying(
              SmtpException.class, e -> assertThat(e.reply().toString()).startsWith("500 5.5.2"));
    }
  }

  @Test
  void multiLineRepliesUseHyphensAndCarryTheStatusOnEveryLine() {
    var reply = new SmtpReply(250, "2.0.0", java.util.List.of("one", "two"));
    assertThat(new String(reply.encode(), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("250-2.0.0 one\r\n250 2.0.0 two\r\n");
  }
}

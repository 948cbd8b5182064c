package org.nymote.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class SubmissionHeadersTest {
  static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 24, 9, 5, 0, 0, ZoneOffset.UTC);

  static String missing(String message) {
    return new String(
        SubmissionHeaders.missing(
            message.getBytes(StandardCharsets.UTF_8), "mx.example.test", "00ff", NOW),
        StandardCharsets.US_ASCII);
  }

  @Test
  void aMessageWithoutEitherGetsBoth() {
    assertThat(missing("Subject: hi\r\n\r\nbody\r\n"))
        .isEqualTo(
            "Date: Tue, 24 Nov 2026 09:05:00 +0000\r\n" + "Message-ID: <00ff@mx.example.test>\r\n");
  }

  @Test
  void fieldsAreFoundInAnyCaseAndWithSpaceBeforeTheColon() {
    assertThat(missing("DATE: x\r\nmessage-id\t: <a@b>\r\n\r\n")).isEmpty();
    assertThat(missing("Subject: x\r\n date: folded, not a field\r\n\r\n")).startsWith("Date: ");
  }

  @Test
  void onlyTheHeaderSectionCounts() {
    assertThat(missing("Subject: x\r\n\r\nDate: body\r\nMessage-ID: <b@c>\r\n"))
        .contains("Date: ")
        .contains("Message-ID: ");
    assertThat(missing("\r\nDate: body\r\n")).contains("Date: ");
  }

  @Test
  void namesThatOnlyStartAlikeAreOtherFields() {
    assertThat(missing("Dated: x\r\nMessage-IDs: y\r\n\r\n"))
        .contains("Date: ")
        .contains("Message-ID: ");
  }
}

package org.nymote.mail.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MimeText#binaryBody}: what FETCH BINARY (RFC 3516) returns for a part. */
class BinaryBodyTest {
  private static final String MESSAGE = "Subject: parts\r\n"
      + "Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
      + "--XX\r\nContent-Transfer-Encoding: base64\r\n\r\nAAFoaQD/\r\n"
      + "--XX\r\nContent-Transfer-Encoding: Quoted-Printable\r\n\r\ncaf=C3=A9=\r\n!\r\n"
      + "--XX\r\nContent-Transfer-Encoding: 8bit\r\n\r\nas is\r\n"
      + "--XX\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin\r\n"
      + "--XX--\r\n";

  private static MimePart part(int n) {
    return MimePart.parse(MESSAGE.getBytes(StandardCharsets.UTF_8))
        .part(List.of(n))
        .orElseThrow();
  }

  @Test
  void transferEncodingsAreUndone() {
    assertThat(MimeText.binaryBody(part(1))).hasValue(new byte[] {0, 1, 'h', 'i', 0, (byte) 0xff});
    assertThat(MimeText.binaryBody(part(2)).map(b -> new String(b, StandardCharsets.UTF_8)))
        .hasValue("café!");
    assertThat(MimeText.binaryBody(part(3)).map(b -> new String(b, StandardCharsets.UTF_8)))
        .hasValue("as is");
  }

  @Test
  void anUnknownEncodingIsEmptyAndAMultipartIsAsItIs() {
    assertThat(MimeText.binaryBody(part(4))).isEmpty();
    MimePart root = MimePart.parse(MESSAGE.getBytes(StandardCharsets.UTF_8));
    assertThat(MimeText.binaryBody(root)).hasValue(root.body());
  }
}

package org.nymote.mail.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** THREAD=REFERENCES and ORDEREDSUBJECT (RFC 5256), and the base subject they group by. */
class ThreadingTest {
  private static final Instant T = Instant.parse("2026-11-23T12:00:00Z");

  /** Message {@code seq}, sent {@code minute} minutes after T. */
  private static Threading.Msg msg(int seq, int minute, String id, String subject, String... refs) {
    return new Threading.Msg(
        seq,
        Optional.ofNullable(id).map(i -> "<" + i + "@x>"),
        java.util.Arrays.stream(refs).map(r -> "<" + r + "@x>").toList(),
        subject,
        T.plusSeconds(60L * minute));
  }

  private static String refs(Threading.Msg... msgs) {
    return Threading.render(Threading.references(List.of(msgs)), seq -> (long) seq);
  }

  @Test
  void theRfcExampleShape() {
    // RFC 5256 5: "(2)(3 6 (4 23)(44 7 96))"
    assertThat(refs(
            msg(2, 0, "two", "other"),
            msg(3, 1, "three", "topic"),
            msg(6, 2, "six", "Re: topic", "three"),
            msg(4, 3, "four", "Re: topic", "three", "six"),
            msg(23, 4, "tw3", "Re: topic", "three", "six", "four"),
            msg(44, 5, "f4", "Re: topic", "three", "six"),
            msg(7, 6, "seven", "Re: topic", "three", "six", "f4"),
            msg(96, 7, "n6", "Re: topic", "three", "six", "f4", "seven")))
        .isEqualTo("(2)(3 6 (4 23)(44 7 96))");
  }

  @Test
  void inReplyToAloneLinksAndOrderIsBySentDateNotNumber() {
    // message 1 was sent after 2 and replies to it
    assertThat(refs(msg(1, 5, "b", "Re: hi", "a"), msg(2, 0, "a", "hi"))).isEqualTo("(2 1)");
    assertThat(refs(msg(1, 5, "x", "one"), msg(2, 0, "y", "two"))).isEqualTo("(2)(1)");
  }

  @Test
  void aMissingParentIsADummyThatIsPrunedOrKeptAtTheRoot() {
    // one child of a missing message: the child is the thread
    assertThat(refs(msg(1, 0, "a", "s1", "gone"))).isEqualTo("(1)");
    // two children of a missing message: kept under the dummy, which shows no number
    assertThat(refs(msg(1, 0, "a", "s1", "gone"), msg(2, 1, "b", "s2", "gone")))
        .isEqualTo("((1)(2))");
    // a missing message in the middle of a chain: its child moves up to the grandparent
    assertThat(refs(msg(1, 0, "a", "s"), msg(2, 1, "c", "Re: s", "a", "gone"))).isEqualTo("(1 2)");
  }

  @Test
  void loopsAndSelfReferencesAreRefused() {
    assertThat(refs(msg(1, 0, "a", "s1", "b"), msg(2, 1, "b", "s2", "a"))).isEqualTo("(2 1)");
    assertThat(refs(msg(1, 0, "a", "s", "a"))).isEqualTo("(1)");
    assertThat(refs(msg(1, 0, "a", "s1", "c", "a", "b"), msg(2, 1, "b", "s2", "a")))
        .isEqualTo("(1 2)");
  }

  @Test
  void duplicateAndMissingMessageIdsAreMessagesOfTheirOwn() {
    assertThat(refs(msg(1, 0, "a", "s1"), msg(2, 1, "a", "s2"), msg(3, 2, null, "s3")))
        .isEqualTo("(1)(2)(3)");
  }

  @Test
  void threadsWithTheSameBaseSubjectAreMerged() {
    // a reply without references goes under the original
    assertThat(refs(msg(1, 0, "a", "Hello"), msg(2, 1, "b", "Re: hello"))).isEqualTo("(1 2)");
    // two originals with one subject: siblings under a dummy
    assertThat(refs(msg(1, 0, "a", "Hello"), msg(2, 1, "b", "Hello"))).isEqualTo("((1)(2))");
    // the original is found even when the reply came first
    assertThat(refs(msg(1, 0, "b", "Re: Hello"), msg(2, 1, "a", "Hello"))).isEqualTo("(2 1)");
    // a dummy thread takes the others with its subject
    assertThat(refs(
            msg(1, 0, "a", "[list] topic", "gone"),
            msg(2, 1, "b", "Re: topic", "gone"),
            msg(3, 2, "c", "Fwd: topic")))
        .isEqualTo("((1)(2)(3))");
    // empty subjects are never merged
    assertThat(refs(msg(1, 0, "a", ""), msg(2, 1, "b", "Re:"))).isEqualTo("(1)(2)");
  }

  @Test
  void orderedSubjectGroupsByBaseSubject() {
    List<Threading.Msg> msgs = new ArrayList<>();
    msgs.add(msg(1, 3, null, "Re: b"));
    msgs.add(msg(2, 0, null, "a"));
    msgs.add(msg(3, 1, null, "b"));
    msgs.add(msg(4, 2, null, "Fwd: a"));
    msgs.add(msg(5, 4, null, "b (fwd)"));
    assertThat(Threading.render(Threading.orderedSubject(msgs), seq -> (long) seq))
        .isEqualTo("(2 4)(3 (1)(5))");
  }

  @Test
  void baseSubjectFollowsRfc5256() {
    assertThat(BaseSubject.of("Re: Hello")).isEqualTo(new BaseSubject("hello", true));
    assertThat(BaseSubject.of("Hello")).isEqualTo(new BaseSubject("hello", false));
    assertThat(BaseSubject.of("RE: re:Fwd: FW: x")).isEqualTo(new BaseSubject("x", true));
    assertThat(BaseSubject.of("Fwd: [list] Re: Hello (fwd) (FWD)"))
        .isEqualTo(new BaseSubject("hello", true));
    assertThat(BaseSubject.of("[PATCH] fix it")).isEqualTo(new BaseSubject("fix it", false));
    assertThat(BaseSubject.of("[PATCH]")).isEqualTo(new BaseSubject("[patch]", false));
    assertThat(BaseSubject.of("Re: [PATCH]")).isEqualTo(new BaseSubject("[patch]", true));
    assertThat(BaseSubject.of("[list] Re[2]: x")).isEqualTo(new BaseSubject("x", true));
    assertThat(BaseSubject.of("[fwd: Re: Hello]")).isEqualTo(new BaseSubject("hello", true));
    assertThat(BaseSubject.of("Really  \t important"))
        .isEqualTo(new BaseSubject("really important", false));
    assertThat(BaseSubject.of("=?UTF-8?B?UmU6IEfDvHRl?=")).isEqualTo(new BaseSubject("güte", true));
    assertThat(BaseSubject.of("re")).isEqualTo(new BaseSubject("re", false));
    assertThat(BaseSubject.of("")).isEqualTo(new BaseSubject("", false));
  }
}

package org.nymote.mail.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nymote.mail.imap.command.SearchKey;
import org.nymote.mail.search.TextSearch;
import org.nymote.mail.store.MessageEntry;

class SearcherTest {
  private static String hash(int i) {
    return String.format("%064x", i);
  }

  @Test
  void theIndexIsAskedOncePerSearchKeyNotOncePerMessage() {
    List<String> asked = new ArrayList<>();
    List<MessageEntry> view = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      view.add(new MessageEntry(i, i, "k" + i, hash(i), Set.of(), Instant.EPOCH, 100));
    }
    TextSearch index = (text, whole, among) -> {
      assertThat(among).hasSize(10);
      asked.add(text + (whole ? " (text)" : " (body)"));
      return Optional.of(Set.of(hash(2), hash(5)));
    };
    Searcher searcher = new Searcher(
        e -> {
          throw new AssertionError("the index answers: no message is read");
        },
        index,
        view,
        10);
    SearchKey body = new SearchKey.Text("station", false);
    SearchKey text = new SearchKey.Text("station", true);
    List<Long> hits = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      MessageEntry e = view.get(i - 1);
      if (searcher.matches(body, i, e)) {
        hits.add(e.uid());
      }
      searcher.matches(text, i, e);
    }
    assertThat(hits).containsExactly(2L, 5L);
    assertThat(asked).containsExactly("station (body)", "station (text)");
  }
}

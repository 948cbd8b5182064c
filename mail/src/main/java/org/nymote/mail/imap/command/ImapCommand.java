package org.nymote.mail.imap.command;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A parsed IMAP command. Mailbox names are already decoded (modified UTF-7 or UTF-8) to Unicode.
 * One record per command, dispatched by one exhaustive switch in the session.
 */
public sealed interface ImapCommand {
  String tag();

  /** Whether the command names messages by UID (UID FETCH ...), which allows EXPUNGE replies. */
  default boolean byUid() {
    return false;
  }

  record Capability(String tag) implements ImapCommand {}

  record Noop(String tag) implements ImapCommand {}

  record Logout(String tag) implements ImapCommand {}

  record StartTls(String tag) implements ImapCommand {}

  record Authenticate(String tag, String mechanism, Optional<String> initialResponse)
      implements ImapCommand {}

  record Login(String tag, String user, byte[] password) implements ImapCommand {}

  record Enable(String tag, List<String> capabilities) implements ImapCommand {}

  record Id(String tag, Map<String, String> fields) implements ImapCommand {}

  record Namespace(String tag) implements ImapCommand {}

  /** QRESYNC parameters of SELECT (RFC 7162 3.2.5). */
  record Qresync(long uidValidity, long modseq, Optional<SequenceSet> knownUids) {}

  record Select(
      String tag, String mailbox, boolean readOnly, boolean condstore, Optional<Qresync> qresync)
      implements ImapCommand {}

  record Create(String tag, String mailbox, Optional<String> specialUse) implements ImapCommand {}

  record Delete(String tag, String mailbox) implements ImapCommand {}

  record Rename(String tag, String from, String to) implements ImapCommand {}

  record Subscribe(String tag, String mailbox, boolean subscribe) implements ImapCommand {}

  /** LIST (with RFC 5258 selection and return options, RFC 5819 STATUS) and LSUB. */
  record ListMailboxes(
      String tag,
      String reference,
      List<String> patterns,
      Set<String> selection,
      Set<String> returns,
      List<String> statusItems,
      boolean lsub)
      implements ImapCommand {}

  record Status(String tag, String mailbox, List<String> items) implements ImapCommand {}

  record Append(
      String tag, String mailbox, Set<String> flags, Optional<Instant> date, byte[] message)
      implements ImapCommand {}

  record Check(String tag) implements ImapCommand {}

  record Close(String tag) implements ImapCommand {}

  record Unselect(String tag) implements ImapCommand {}

  record Expunge(String tag, Optional<SequenceSet> uids) implements ImapCommand {
    @Override
    public boolean byUid() {
      return uids.isPresent();
    }
  }

  /** SEARCH, with ESEARCH return options when {@code returns} is present (RFC 4731). */
  record Search(String tag, boolean byUid, SearchKey key, Optional<Set<String>> returns)
      implements ImapCommand {}

  record Fetch(
      String tag,
      boolean byUid,
      SequenceSet set,
      List<FetchItem> items,
      OptionalLong changedSince,
      boolean vanished)
      implements ImapCommand {}

  /** How STORE changes flags. */
  enum StoreMode {
    ADD,
    REMOVE,
    REPLACE
  }

  record Store(
      String tag,
      boolean byUid,
      SequenceSet set,
      OptionalLong unchangedSince,
      StoreMode mode,
      boolean silent,
      Set<String> flags)
      implements ImapCommand {}

  record Copy(String tag, boolean byUid, SequenceSet set, String mailbox, boolean move)
      implements ImapCommand {}

  record Idle(String tag) implements ImapCommand {}

  record Compress(String tag, String mechanism) implements ImapCommand {}

  /** A SORT criterion (RFC 5256): ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO, maybe REVERSE. */
  record SortKey(String criterion, boolean reverse) {}

  record Sort(String tag, boolean byUid, List<SortKey> criteria, SearchKey key)
      implements ImapCommand {}

  record ThreadMessages(String tag, boolean byUid, String algorithm, SearchKey key)
      implements ImapCommand {}
}

package org.nymote.mail.store;

import org.nymote.store.Path;
import org.nymote.store.Schema;
import org.nymote.store.types.JsonRecord;

/**
 * Where the mailstore keeps what, in a user's store (see docs/mail.md):
 *
 * <pre>
 * mail/messages/&lt;2 hex&gt;/&lt;sha256&gt;            raw RFC 5322 bytes, once per content
 * mail/mailboxes/&lt;id&gt;/meta.json             name, special use, subscribed (JSON, by field)
 * mail/mailboxes/&lt;id&gt;/members/&lt;key&gt;        a {@link Member}: message, date, size, flags
 * devices/&lt;dev&gt;/mail/uids/&lt;id&gt;/state        this replica's UIDVALIDITY, UIDNEXT, MODSEQ
 * devices/&lt;dev&gt;/mail/uids/&lt;id&gt;/m/&lt;key&gt;      this replica's UID and MODSEQ of a member
 * devices/&lt;dev&gt;/mail/uids/&lt;id&gt;/x/&lt;uid&gt;      expunged UIDs with their MODSEQ (QRESYNC)
 * </pre>
 */
public final class MailLayout {
  private MailLayout() {}

  public static final Path MAIL = Path.of("mail");
  public static final Path MESSAGES = Path.of("mail", "messages");
  public static final Path MAILBOXES = Path.of("mail", "mailboxes");

  /** Adds the mailstore's merge rules to a user schema; put them before the standard types. */
  public static Schema.Builder addTo(Schema.Builder b) {
    return b.rule("mail/mailboxes/*/members/*", Member.CONTENTS)
        .rule("mail/mailboxes/*/meta.json", JsonRecord.CONTENTS)
        .rule("mail/messages/*/*", Schema.BYTES)
        .rule("devices/*/mail/**", Schema.BYTES);
  }

  public static Path message(String hash) {
    return MESSAGES.child(hash.substring(0, 2)).child(hash);
  }

  public static Path mailbox(String id) {
    return MAILBOXES.child(id);
  }

  public static Path meta(String id) {
    return mailbox(id).child("meta.json");
  }

  public static Path members(String id) {
    return mailbox(id).child("members");
  }

  public static Path member(String id, String key) {
    return members(id).child(key);
  }

  public static Path uids(String device, String id) {
    return Path.of("devices", device, "mail", "uids", id);
  }

  public static Path uidState(String device, String id) {
    return uids(device, id).child("state");
  }

  public static Path uidEntries(String device, String id) {
    return uids(device, id).child("m");
  }

  public static Path expunged(String device, String id) {
    return uids(device, id).child("x");
  }
}

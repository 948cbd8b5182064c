package org.nymote.mail.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nymote.store.Tree;
import org.nymote.store.types.JsonRecord;

/**
 * Mailbox metadata in a tree: finding a mailbox by name, making and changing its {@code
 * meta.json}. Names are Unicode with {@code /} between levels; {@code INBOX} in any case is the
 * inbox, whose id is {@code inbox}. A new mailbox's id is taken from a hash of its name when that
 * id is free, so two replicas that each create "Sent" while apart make the same mailbox.
 */
final class Mailboxes {
  static final String INBOX = "INBOX";
  static final String INBOX_ID = "inbox";
  static final int MAX_NAME_CHARS = 500;
  static final int MAX_DEPTH = 20;

  private Mailboxes() {}

  /** The canonical form of a name: INBOX in upper case; checked. */
  static String canonical(String name) {
    if (name.equalsIgnoreCase(INBOX)) {
      return INBOX;
    }
    if (name.length() > 6 && name.substring(0, 6).equalsIgnoreCase("INBOX/")) {
      name = INBOX + name.substring(5);
    }
    if (name.isEmpty()
        || name.length() > MAX_NAME_CHARS
        || name.startsWith("/")
        || name.endsWith("/")
        || name.contains("//")
        || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '*' || c == '%')
        || name.split("/").length > MAX_DEPTH) {
      throw new MailStoreException(
          MailStoreException.Reason.INVALID, "invalid mailbox name '" + name + "'");
    }
    return name;
  }

  static List<MailboxInfo> all(Tree t) {
    List<MailboxInfo> out = new ArrayList<>();
    for (String id : t.list(MailLayout.MAILBOXES)) {
      read(t, id).ifPresent(out::add);
    }
    out.sort((a, b) -> a.name().compareTo(b.name()));
    return out;
  }

  static Optional<MailboxInfo> read(Tree t, String id) {
    return t.find(MailLayout.meta(id), JsonRecord.CONTENTS).flatMap(r -> {
      Optional<String> name = r.find("name").map(n -> n.asText());
      if (name.isEmpty() || r.find("deleted").map(n -> n.asBoolean()).orElse(false)) {
        return Optional.empty();
      }
      return Optional.of(new MailboxInfo(
          id,
          name.get(),
          r.find("specialUse").map(n -> n.asText()),
          r.find("subscribed").map(n -> n.asBoolean()).orElse(false)));
    });
  }

  static Optional<MailboxInfo> find(Tree t, String name) {
    String c = canonical(name);
    if (c.equals(INBOX)) {
      return Optional.of(
          read(t, INBOX_ID).orElse(new MailboxInfo(INBOX_ID, INBOX, Optional.empty(), true)));
    }
    return all(t).stream().filter(m -> m.name().equals(c)).findFirst();
  }

  /** Like {@link #find}, but makes the inbox's metadata when it is missing. */
  static Tree ensureInbox(Tree t) {
    if (read(t, INBOX_ID).isPresent()) {
      return t;
    }
    return write(t, new MailboxInfo(INBOX_ID, INBOX, Optional.empty(), true));
  }

  static MailboxInfo get(Tree t, String name) {
    return find(t, name)
        .orElseThrow(() ->
            new MailStoreException(MailStoreException.Reason.NONEXISTENT, "no mailbox " + name));
  }

  static Tree write(Tree t, MailboxInfo m) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    JsonRecord r = t.find(MailLayout.meta(m.id()), JsonRecord.CONTENTS).orElse(JsonRecord.empty());
    r = r.with("name", f.textNode(m.name())).with("subscribed", f.booleanNode(m.subscribed()));
    r = m.specialUse().isPresent()
        ? r.with("specialUse", f.textNode(m.specialUse().get()))
        : r.without("specialUse");
    return t.with(MailLayout.meta(m.id()), JsonRecord.CONTENTS, r);
  }

  /** An id for a new mailbox called {@code name}, free in {@code t}. */
  static String newId(Tree t, String name) {
    String base = Hashes.sha256(name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8))
        .substring(0, 16);
    if (!t.isDirectory(MailLayout.mailbox(base))) {
      return base;
    }
    byte[] random = new byte[8];
    new java.security.SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}

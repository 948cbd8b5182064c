package org.nymote.mail.store;

import java.util.Optional;

/**
 * A mailbox as listed: its id (stable across renames), its name (Unicode, {@code /} between
 * levels, {@code INBOX} for the inbox), its special use ({@code \Sent} ...) and whether it is
 * subscribed.
 */
public record MailboxInfo(
    String id, String name, Optional<String> specialUse, boolean subscribed) {}

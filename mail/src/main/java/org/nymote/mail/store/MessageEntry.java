package org.nymote.mail.store;

import java.time.Instant;
import java.util.Set;

/**
 * One message of a mailbox as this replica numbers it: UID, MODSEQ, the member key, the content
 * key of the message, its flags, internal date and size.
 */
public record MessageEntry(
    long uid,
    long modseq,
    String key,
    String message,
    Set<String> flags,
    Instant internalDate,
    long size) {}

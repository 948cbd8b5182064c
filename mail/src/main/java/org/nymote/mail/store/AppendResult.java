package org.nymote.mail.store;

/** Where an appended message went: the mailbox's UIDVALIDITY and the message's UID (UIDPLUS). */
public record AppendResult(long uidValidity, long uid) {}

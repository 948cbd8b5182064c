/** The mailstore: messages, mailboxes, flags and per-replica IMAP UIDs in a user's store. */
package org.nymote.mail.store;

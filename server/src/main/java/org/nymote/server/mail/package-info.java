/** The mail services of {@code nymote serve}: IMAP over each user's mailstore. */
package org.nymote.server.mail;

/** The IMAP server (RFC 3501, 9051 and extensions) over the mailstore. */
package org.nymote.mail.imap;

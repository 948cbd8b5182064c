/** IMAP on the wire: reading commands with literals, parsing them, writing responses. */
package org.nymote.mail.imap.wire;

/** SMTP (RFC 5321), submission (RFC 6409) and LMTP (RFC 2033): the receiving side. */
package org.nymote.mail.smtp;

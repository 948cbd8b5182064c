/** SMTP, submission and LMTP for a home: its mail domains, delivery into INBOX, the queue. */
package org.nymote.server.smtp;

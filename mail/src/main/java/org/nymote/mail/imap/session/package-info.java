/** One IMAP connection's state and the handlers of its commands. */
package org.nymote.mail.imap.session;

/** Import of Maildir and mbox into a mailstore, and export of a mailbox to mbox. */
package org.nymote.mail.io;

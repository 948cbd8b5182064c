/** IMAP commands as records, and the values they carry (sequence sets, search keys, fetch items). */
package org.nymote.mail.imap.command;

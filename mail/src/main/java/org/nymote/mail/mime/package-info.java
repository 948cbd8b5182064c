/** MIME structure of raw messages with byte offsets, for IMAP sections and structure. */
package org.nymote.mail.mime;

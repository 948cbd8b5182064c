/** Outbound mail: a durable spool, delivery by MX lookup or a smarthost, retries and bounces. */
package org.nymote.mail.smtp.queue;

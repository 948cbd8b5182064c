/**
 * Issue 4's IMAP figure: a closed-loop IMAP load generator ({@link org.nymote.bench.imap.ImapLoad})
 * run against {@code nymote serve} and Debian's Dovecot in one invocation (bench/run-imap), with
 * the same clients, workload and pre-filled mailbox, reporting commands/s and p50/p99 latency per
 * system and per command type.
 */
package org.nymote.bench.imap;

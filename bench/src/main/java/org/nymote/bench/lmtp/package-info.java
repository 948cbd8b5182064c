/** LMTP delivery load: Nymote's LMTP against Dovecot's, in one run. */
package org.nymote.bench.lmtp;

/** An authoritative DNS server over UDP and TCP for signed zones: wire, answers, limits. */
package org.nymote.signpost.dns;

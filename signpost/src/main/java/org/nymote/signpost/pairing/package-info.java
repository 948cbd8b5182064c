/** Pairing a new device: the one-time invitation code and the join exchange, as values. */
package org.nymote.signpost.pairing;

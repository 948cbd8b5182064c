/** A user's root key, device keys and the X.509 certificates that bind them, and TLS with them. */
package org.nymote.signpost.identity;

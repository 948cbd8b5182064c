/** Signpost: the user's names (the personal DNS zone and its server), identities and links. */
package org.nymote.signpost;

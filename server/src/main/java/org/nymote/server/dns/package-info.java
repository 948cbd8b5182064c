/** The DNS service of {@code nymote serve}: each user's zone, kept signed and served. */
package org.nymote.server.dns;

/** A home's remotes, and syncing each user's store with them: on demand and periodically. */
package org.nymote.server.sync;

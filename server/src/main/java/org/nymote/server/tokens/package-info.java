/** Per-user API tokens: made at random, kept only as SHA-256 hashes in a private file. */
package org.nymote.server.tokens;

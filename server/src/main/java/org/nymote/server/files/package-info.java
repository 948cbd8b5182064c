/** Files that hold secrets: created private to their owner (0600, folders 0700), written whole. */
package org.nymote.server.files;

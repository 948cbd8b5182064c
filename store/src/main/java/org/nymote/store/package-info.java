/** The versioned, branchable, mergeable tree store in Git format (Irmin in Java). */
package org.nymote.store;

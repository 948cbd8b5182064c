/** The store's machinery: tree nodes, the tree merge, group commit and the backends. */
package org.nymote.store.internal;

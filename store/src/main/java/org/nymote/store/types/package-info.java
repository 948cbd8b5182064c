/** Mergeable content types for the store: counter, register, set, log and JSON record. */
package org.nymote.store.types;

/** Replicas in step: fetch, merge by the schema, push back, over any Git transport. */
package org.nymote.store.sync;

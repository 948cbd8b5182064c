/** JMH benchmarks of the store, each beside a plain-JGit baseline measured in the same run. */
package org.nymote.bench.store;

package org.nymote.store;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A three-way merge of values of one type. The common ancestor is given lazily (a merge that does
 * not need it never pays for reading it) and is empty when the value did not exist in the base.
 * Implementations are pure functions and thread-safe.
 */
@FunctionalInterface
public interface Merge<T> {
  Merged<T> merge(Supplier<Optional<T>> base, T ours, T theirs);
}

package org.nymote.store.types;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Arbitraries the properties of several types share. */
final class Values {
  private Values() {}

  /** Short strings with line breaks, backslashes, spaces and non-ASCII text among them. */
  static Arbitrary<String> texts() {
    return Arbitraries.strings()
        .withChars("ab \n\r\\@.")
        .withCharRange('\u0000', '\u007f')
        .withChars("é€日本")
        .ofMaxLength(8);
  }

  /** Stamps from a small range, so that ties on time and counter are common. */
  static Arbitrary<Hlc> stamps() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 4),
            Arbitraries.longs().between(0, 2),
            Arbitraries.of("a", "b", "c"))
        .as(Hlc::new);
  }
}

package org.nymote.bench.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestLoadTest {
  @Test
  void urlsAndValuesOfTheLoad() {
    assertThat(RestLoad.target(42)).isEqualTo("/api/v1/users/bench/branches/main/values/k/000042");
    assertThat(RestLoad.value(42, 7)).hasSize(RestLoad.VALUE_BYTES);
    assertThat(RestLoad.value(42, 7)).isNotEqualTo(RestLoad.value(42, 8));
  }
}

package org.nymote.store.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nymote.store.Contents;
import org.nymote.store.Merged;

class JsonRecordTest {
  private static final Contents<JsonRecord> C = JsonRecord.CONTENTS;

  private static Merged<JsonRecord> merge(String base, String ours, String theirs) {
    return Laws.merge(C, JsonRecord.parse(base), JsonRecord.parse(ours), JsonRecord.parse(theirs));
  }

  @Test
  void changesToDifferentFieldsOfANestedObjectMerge() {
    String base = "{\"name\": \"Ada\", \"address\": {\"city\": \"London\", \"zip\": \"N1\"}}";
    String ours = "{\"name\": \"Ada\", \"address\": {\"city\": \"Paris\", \"zip\": \"N1\"}}";
    String theirs = "{\"name\": \"Ada L\", \"address\": {\"city\": \"London\", \"zip\": \"75001\"},"
        + " \"phone\": \"+33\"}";
    assertThat(merge(base, ours, theirs))
        .isEqualTo(Merged.ok(JsonRecord.parse(
            "{\"name\": \"Ada L\", \"address\": {\"city\": \"Paris\", \"zip\": \"75001\"},"
                + " \"phone\": \"+33\"}")));
  }

  @Test
  void aNestedFieldChangedDifferentlyOnBothSidesIsAConflictNamingItsPath() {
    assertThat(merge(
            "{\"address\": {\"city\": \"London\"}, \"n\": 1}",
            "{\"address\": {\"city\": \"Paris\"}, \"n\": 2}",
            "{\"address\": {\"city\": \"Rome\"}, \"n\": 3}"))
        .isEqualTo(Merged.conflict("address: city: changed to different values on both sides; "
            + "n: changed to different values on both sides"));
  }

  @Test
  void aFieldDeletedOnOneSideAndUnchangedOnTheOtherIsDeleted() {
    assertThat(merge("{\"a\": 1, \"b\": 2}", "{\"b\": 2}", "{\"a\": 1, \"b\": 3}"))
        .isEqualTo(Merged.ok(JsonRecord.parse("{\"b\": 3}")));
  }

  @Test
  void aFieldDeletedOnOneSideAndChangedOnTheOtherIsAConflict() {
    assertThat(merge("{\"a\": 1}", "{}", "{\"a\": 2}"))
        .isEqualTo(Merged.conflict("a: deleted on one side and changed on the other"));
  }

  @Test
  void arraysAreTakenWhole() {
    assertThat(merge("{\"tags\": [1]}", "{\"tags\": [1, 2]}", "{\"tags\": [1, 3]}"))
        .isInstanceOf(Merged.Conflict.class);
  }

  @Test
  void anObjectAddedOnBothSidesMergesItsFields() {
    assertThat(merge("{}", "{\"o\": {\"x\": 1}}", "{\"o\": {\"y\": 2}}"))
        .isEqualTo(Merged.ok(JsonRecord.parse("{\"o\": {\"x\": 1, \"y\": 2}}")));
  }

  @Test
  void encodesIndentedWithKeysSortedAndNumbersCanonical() {
    JsonRecord r = JsonRecord.parse("{\"b\": 1.50, \"a\": {\"z\": 2.0, \"y\": [true, null]}}");
    assertThat(new String(C.encode(r), StandardCharsets.UTF_8)).isEqualTo("""
        {
          "a": {
            "y": [
              true,
              null
            ],
            "z": 2
          },
          "b": 1.5
        }
        """);
  }

  @Test
  void decodingRefusesWhatIsNotOneJsonObjectInUtf8() {
    for (String bad : new String[] {
      "", "[]", "42", "{", "{\"a\": 1} {}", "{\"a\": 1, \"a\": 2}", "{'a': 1}", "{\"a\": NaN}"
    }) {
      Laws.refuses(C, bad);
    }
    Laws.decodesOrRefuses(C, new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'});
    assertThat(catchThrowable(() -> C.decode("{}".getBytes(StandardCharsets.UTF_16))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.shipproof.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.Reasons;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every reason the operator can write is explained in docs/status-reasons.md. */
class ReasonsDocumentedTest {
  @Test
  void everyReasonHasARowInTheStatusReasonsPage() throws Exception {
    String page = Files.readString(Path.of("docs/status-reasons.md"));
    List<String> reasons =
        Arrays.stream(Reasons.class.getFields())
            .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
            .map(ReasonsDocumentedTest::value)
            .toList();

    assertThat(reasons).isNotEmpty();
    assertThat(reasons).allSatisfy(r -> assertThat(page).contains("| `" + r + "` |"));
  }

  private static String value(Field f) {
    try {
      return (String) f.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}

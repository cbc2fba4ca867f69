package dev.shipproof.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/reference.md documents every field of both CRDs: each path of the OpenAPI schema (arrays
 * written {@code list[].field}) appears there as a code span in a table row.
 */
class ReferenceDocumentedTest {
  /**
   * Subtrees the page documents once and refers to from elsewhere: the signers of an attestation
   * have the fields of the policy's signers.
   */
  static final Map<String, String> SAME_AS =
      Map.of("spec.policy.attestations[].signers[]", "spec.policy.signatures[]");

  @ParameterizedTest
  @ValueSource(strings = {"environments", "promotions"})
  void everyFieldOfTheCrdIsInTheReferencePage(String plural) throws IOException {
    String page = Files.readString(Path.of("docs/reference.md"));
    Map<String, Object> schema =
        CrdSchemaTest.at(CrdSchemaTest.version(plural), "schema.openAPIV3Schema");
    List<String> paths = new ArrayList<>();
    walk(schema, "", paths);

    assertThat(paths).contains("spec", "status").hasSizeGreaterThan(10);
    assertThat(paths)
        .allSatisfy(
            path ->
                assertThat(page)
                    .as("docs/reference.md documents %s", path)
                    .contains("| `" + documented(path) + "` |"));
  }

  /** The path under which the page documents {@code path}. */
  static String documented(String path) {
    for (var alias : SAME_AS.entrySet()) {
      if (path.startsWith(alias.getKey() + ".")) {
        return alias.getValue() + path.substring(alias.getKey().length());
      }
    }
    return path;
  }

  @SuppressWarnings("unchecked")
  static void walk(Map<String, Object> node, String path, List<String> out) {
    if ("array".equals(node.get("type")) && node.get("items") instanceof Map<?, ?> items) {
      walk((Map<String, Object>) items, path + "[]", out);
      return;
    }
    if (node.get("properties") instanceof Map<?, ?> properties) {
      for (var entry : ((Map<String, Object>) properties).entrySet()) {
        String child = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
        out.add(child);
        walk((Map<String, Object>) entry.getValue(), child, out);
      }
    }
  }
}

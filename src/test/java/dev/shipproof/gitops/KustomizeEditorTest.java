package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.model.ImageRef;
import org.junit.jupiter.api.Test;

class KustomizeEditorTest {
  private static final String DIGEST = "sha256:1f2e3d4c5b6a" + "7".repeat(52);
  private static final ImageRef API = ImageRef.parse("registry.example.com/payments/api@" + DIGEST);

  // The golden folders (kustomize and every other format) run in GoldenFixturesTest, through the
  // same dispatch the workspace uses; this class keeps the kustomize-specific behaviours.

  @Test
  void repinningTheOutputWithAnotherDigestChangesOnlyTheDigest() {
    String input = "images:\n- name: registry.example.com/payments/api\n  newTag: v1 # x\n";
    String once = changed(KustomizeEditor.pin(input, API.name(), API));
    ImageRef other = API.withDigest("sha256:" + "b".repeat(64));
    String twice = changed(KustomizeEditor.pin(once, API.name(), other));
    assertThat(twice).isEqualTo(once.replace(DIGEST, other.digest()));
    assertThat(KustomizeEditor.pin(twice, API.name(), other)).isEqualTo(new EditResult.Unchanged());
  }

  @Test
  void refusesFewAliasesOfALargeAnchorByTheirExpandedSize() {
    String big = "big: &big [" + "x, ".repeat(10_000) + "x]\n";
    String input =
        big
            + "copies: [" + "*big, ".repeat(14) + "*big]\n"
            + "images:\n- name: registry.example.com/payments/api\n  newTag: v1\n";

    EditResult result = KustomizeEditor.pin(input, API.name(), API);

    assertThat(result).isInstanceOf(EditResult.Refused.class);
    assertThat(((EditResult.Refused) result).message())
        .contains("YAML aliases would expand to more than 100000 nodes");
  }

  @Test
  void refusesDeepNestingWithoutOverflowingTheStack() {
    String deep = "images: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
    EditResult result = KustomizeEditor.pin(deep, API.name(), API);
    assertThat(result).isInstanceOf(EditResult.Refused.class);
    assertThat(((EditResult.Refused) result).message()).contains("nesting deeper than");
  }

  @Test
  void refusesFilesOverTheSizeLimit() {
    String huge = "images: []\n#" + "x".repeat(KustomizeEditor.MAX_CODE_POINTS) + "\n";
    assertThat(KustomizeEditor.pin(huge, API.name(), API))
        .isEqualTo(
            new EditResult.Refused(
                "TargetInvalid",
                "file is larger than " + KustomizeEditor.MAX_CODE_POINTS + " characters"));
  }

  @Test
  void refusesMultipleDocuments() {
    String two = "images:\n- name: a\n---\nimages:\n- name: a\n";
    assertThat(((EditResult.Refused) KustomizeEditor.pin(two, "a", API)).message())
        .contains("more than one YAML document");
  }

  @Test
  void refusesImagesThatCouldComeFromATopLevelMergeKey() {
    String text =
        "base: &base\n  images:\n  - name: registry.example.com/payments/api\n"
            + "    newTag: v1\n<<: *base\nresources:\n- ../base\n";
    EditResult result = KustomizeEditor.pin(text, API.name(), API);
    assertThat(result).isInstanceOf(EditResult.Refused.class);
    assertThat((EditResult.Refused) result)
        .extracting(EditResult.Refused::reason)
        .isEqualTo("TargetInvalid");
    assertThat(((EditResult.Refused) result).message()).contains("merge key (<<)");
  }

  @Test
  void aQuotedDoubleLessThanKeyIsNotAMergeKey() {
    String text = "images:\n- \"<<\": x\n  name: registry.example.com/payments/api\n";
    assertThat(KustomizeEditor.pin(text, API.name(), API))
        .isEqualTo(
            new EditResult.Changed(
                "images:\n- \"<<\": x\n  name: registry.example.com/payments/api\n  digest: "
                    + DIGEST
                    + "\n"));
  }

  @Test
  void refusesAnEntryReachedThroughAnAlias() {
    String text =
        "x: &img\n  name: registry.example.com/payments/api\n  newTag: v1\nimages:\n- *img\n";
    EditResult result = KustomizeEditor.pin(text, API.name(), API);
    assertThat(((EditResult.Refused) result).message()).contains("anchors");
  }

  @Test
  void reportsLineAndColumnOfInvalidYaml() {
    String text = "images:\n- name: \"unterminated\n";
    EditResult.Refused refused = (EditResult.Refused) KustomizeEditor.pin(text, "a", API);
    assertThat(refused.message()).startsWith("invalid YAML at line ").contains("column");
  }

  @Test
  void neverRewritesTheNameAsWritten() {
    String text = "images:\n- name: index.docker.io/library/nginx\n  newTag: v1\n";
    String out = changed(KustomizeEditor.pin(text, "nginx", API));
    assertThat(out).startsWith("images:\n- name: index.docker.io/library/nginx\n  digest: ");
  }

  @Test
  void fillsAnEmptyDigestValue() {
    String text = "images:\n- name: a\n  digest:\n";
    assertThat(changed(KustomizeEditor.pin(text, "a", API)))
        .isEqualTo("images:\n- name: a\n  digest: " + DIGEST + "\n");
  }

  private static String changed(EditResult result) {
    assertThat(result).isInstanceOf(EditResult.Changed.class);
    return ((EditResult.Changed) result).newText();
  }
}

package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.model.ImageRef;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetEditorsTest {
  private static final String DIGEST = "sha256:1f2e3d4c5b6a" + "7".repeat(52);
  private static final String NAME = "registry.example.com/payments/api";
  private static final ImageRef API = ImageRef.parse(NAME + "@" + DIGEST);

  private static EditResult edit(String format, String text, TargetOptions options) {
    return TargetEditors.edit(
        format, text, new PublishRequest.Target("f", format, NAME, options), API);
  }

  private static String changed(EditResult result) {
    assertThat(result).isInstanceOf(EditResult.Changed.class);
    return ((EditResult.Changed) result).newText();
  }

  @ParameterizedTest
  @ValueSource(strings = {"~", "null", "NULL", "\"v1 beta\"", "\"-v1\"", ".v1", "'v1:x'", "\"\""})
  void refusesATagThatCannotCarryTheDigest(String tag) {
    String values = "image:\n  repository: " + NAME + "\n  tag: " + tag + "\n";
    var options = new TargetOptions(null, null, null, null, true, null, null, null, null, null);

    EditResult result = edit("helm-values", values, options);

    assertThat(result).isInstanceOf(EditResult.Refused.class);
    assertThat(((EditResult.Refused) result).reason()).isEqualTo("TargetInvalid");
  }

  @Test
  void refusesANewNameThatWouldNotMakeAValidReference() {
    var options =
        new TargetOptions(null, null, null, null, false, "Bad Name", null, null, null, null);

    EditResult result = edit("helm-values", "image: " + NAME + ":v1\n", options);

    assertThat(result).isInstanceOf(EditResult.Refused.class);
  }

  @Test
  void refusesAFiftyMegabyteValuesFileBeforeParsing() {
    String huge = "image: " + NAME + ":v1\n#" + "x".repeat(50 * 1024 * 1024) + "\n";

    EditResult result = edit("helm-values", huge, TargetOptions.DEFAULTS);

    assertThat(((EditResult.Refused) result).message()).startsWith("file is larger than");
  }

  @Test
  void refusesDeepNestingInAManifestWithoutOverflowingTheStack() {
    String deep = "a: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";

    EditResult result = edit("manifest", deep, TargetOptions.DEFAULTS);

    assertThat(((EditResult.Refused) result).message()).contains("nesting deeper than");
  }

  @Test
  void refusesAnInvalidKeyPath() {
    EditResult result = edit("yaml", "a: 1\n", TargetOptions.DEFAULTS.withKey("a..b"));

    assertThat(result).isInstanceOf(EditResult.Refused.class);
    assertThat(((EditResult.Refused) result).message()).contains("key path \"a..b\" is invalid");
  }

  @Test
  void followsAListIndexInAKeyPath() {
    String text = "sidecars:\n  - image: " + NAME + ":v1\n";

    String out = changed(edit("yaml", text, TargetOptions.DEFAULTS.withKey("sidecars[0].image")));

    assertThat(out).isEqualTo("sidecars:\n  - image: " + NAME + "@" + DIGEST + "\n");
  }

  @Test
  void refusesAContainerImageThatAnotherContainerAliases() {
    String text =
        "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: &img "
            + NAME
            + ":v1\n  - name: b\n    image: *img\n";

    EditResult result = edit("manifest", text, TargetOptions.DEFAULTS);

    assertThat(((EditResult.Refused) result).message()).contains("aliased elsewhere");
  }

  @Test
  void writesNewNameInAValuesMap() {
    String text = "image:\n  repository: " + NAME + "\n  digest: \"\"\n";
    var options =
        new TargetOptions(
            null, null, null, null, false, "mirror.example.com/api", null, null, null, null);

    String out = changed(edit("helm-values", text, options));

    assertThat(out)
        .isEqualTo("image:\n  repository: mirror.example.com/api\n  digest: \"" + DIGEST + "\"\n");
    assertThat(edit("helm-values", out, options)).isEqualTo(new EditResult.Unchanged());
  }

  @Test
  void repinningAManifestTwiceNeverAccumulatesChanges() {
    String text = "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: " + NAME + ":v1\n";
    String once = changed(edit("manifest", text, TargetOptions.DEFAULTS));
    ImageRef other = API.withDigest("sha256:" + "b".repeat(64));

    EditResult twice =
        TargetEditors.edit(
            "manifest", once, new PublishRequest.Target("f", "manifest", NAME), other);

    assertThat(changed(twice)).isEqualTo(once.replace(DIGEST, other.digest()));
  }

  @Test
  void keepsATagAndAnUnaliasedAnchorOnTheEditedValue() {
    String text = "image:\n  repository: " + NAME + "\n  digest: &dg !!str \"\" # pin\n";

    String out = changed(edit("helm-values", text, TargetOptions.DEFAULTS));

    assertThat(out)
        .isEqualTo(
            "image:\n  repository: " + NAME + "\n  digest: &dg !!str \"" + DIGEST + "\" # pin\n");
  }

  @Test
  void refusesAnUnknownFormatNamingTheKnownOnes() {
    EditResult result = edit("jsonnet", "a: 1\n", TargetOptions.DEFAULTS);

    assertThat(((EditResult.Refused) result).message())
        .isEqualTo(
            "unsupported format jsonnet; use one of [helm-values, kustomize, manifest, yaml]");
  }

  @Test
  void publishesAHelmValuesTargetThroughTheWorkspace(@TempDir Path tmp) throws Exception {
    String values = "image:\r\n  repository: " + NAME + "\r\n  tag: v1 # ci\r\n";
    try (TestRemote remote = TestRemote.create(tmp, Map.of("values.yaml", values))) {
      var workspace =
          new JgitWorkspace(
              tmp.resolve("cache"), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), d -> {}, null);
      var options =
          new TargetOptions(null, null, null, null, true, null, null, null, null, null);
      var request =
          new PublishRequest(
              remote.url,
              TestRemote.BRANCH,
              "Shipproof",
              "shipproof@example.com",
              List.of(new PublishRequest.Target("values.yaml", "helm-values", NAME, options)),
              API,
              "Promote api\n",
              "uid");

      PublishOutcome first = workspace.publish(request);
      PublishOutcome second = workspace.publish(request);

      assertThat(first).isInstanceOf(PublishOutcome.Pushed.class);
      assertThat(remote.read("values.yaml")).isEqualTo(values.replace("v1", "v1@" + DIGEST));
      assertThat(second).isInstanceOf(PublishOutcome.AlreadyUpToDate.class);
    }
  }
}

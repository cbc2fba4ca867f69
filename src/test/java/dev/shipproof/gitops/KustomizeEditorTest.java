package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.model.ImageRef;
import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KustomizeEditorTest {
  private static final String DIGEST = "sha256:1f2e3d4c5b6a" + "7".repeat(52);
  private static final ImageRef API = ImageRef.parse("registry.example.com/payments/api@" + DIGEST);

  static Stream<String> cases() throws IOException, URISyntaxException {
    try (Stream<Path> dirs = Files.list(fixtures())) {
      return dirs
          .filter(Files::isDirectory)
          .filter(KustomizeEditorTest::isKustomizeCase)
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  /** The other formats' cases run in {@link GoldenFixturesTest}. */
  private static boolean isKustomizeCase(Path dir) {
    try {
      Properties args = new Properties();
      args.load(new StringReader(read(dir.resolve("args"))));
      return args.getProperty("format", PublishRequest.KUSTOMIZE).equals(PublishRequest.KUSTOMIZE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path fixtures() throws URISyntaxException {
    return Path.of(KustomizeEditorTest.class.getResource("/fixtures/manifests").toURI());
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesGoldenFixture(String name) throws Exception {
    Path dir = fixtures().resolve(name);
    Properties args = new Properties();
    args.load(new StringReader(read(dir.resolve("args"))));
    String input = read(dir.resolve("input"));
    ImageRef pin = ImageRef.parseDigestReference(args.getProperty("pin"));

    long started = System.nanoTime();
    TargetOptions options = GoldenFixturesTest.options(args);
    EditResult result = KustomizeEditor.pin(input, args.getProperty("image"), options, pin);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

    switch (args.getProperty("result")) {
      case "Changed" -> {
        String expected = read(dir.resolve("expected"));
        assertThat(result).isEqualTo(new EditResult.Changed(expected));
        assertThat(KustomizeEditor.pin(expected, args.getProperty("image"), options, pin))
            .as("pinning the output again")
            .isEqualTo(new EditResult.Unchanged());
      }
      case "Unchanged" -> assertThat(result).isEqualTo(new EditResult.Unchanged());
      case "Refused" -> {
        assertThat(result).isInstanceOf(EditResult.Refused.class);
        var refused = (EditResult.Refused) result;
        assertThat(refused.reason()).isEqualTo(args.getProperty("reason"));
        assertThat(refused.message()).contains(args.getProperty("message")).doesNotContain("\n");
      }
      default -> throw new IllegalArgumentException("unknown result in " + dir);
    }
  }

  @Test
  void hasAtLeastTwelveGoldenCases() throws Exception {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(12);
  }

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

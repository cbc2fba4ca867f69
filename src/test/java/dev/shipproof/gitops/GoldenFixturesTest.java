package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shipproof.model.ImageRef;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every golden folder under {@code fixtures/manifests} ({@code input}, {@code args}, {@code
 * expected}) through {@link TargetEditors}, for all formats, and checks a second run is a no-op.
 * {@code args} keys: format (default kustomize), image, pin, result, reason, message and the
 * {@link TargetOptions} fields.
 */
class GoldenFixturesTest {

  static Stream<String> cases() throws IOException, URISyntaxException {
    try (Stream<Path> dirs = Files.list(fixtures())) {
      return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList()
          .stream();
    }
  }

  static Stream<String> kustomizeChangedCases() throws Exception {
    List<String> out = new ArrayList<>();
    for (String name : cases().toList()) {
      Properties args = args(fixtures().resolve(name));
      if (format(args).equals(PublishRequest.KUSTOMIZE)
          && args.getProperty("result").equals("Changed")) {
        out.add(name);
      }
    }
    return out.stream();
  }

  /** The options a case's {@code args} describe. */
  static TargetOptions options(Properties args) {
    return new TargetOptions(
        args.getProperty("key"),
        args.getProperty("repositoryKey"),
        args.getProperty("tagKey"),
        args.getProperty("digestKey"),
        Boolean.parseBoolean(args.getProperty("tagHoldsDigest")),
        args.getProperty("newName"),
        args.getProperty("kind"),
        args.getProperty("name"),
        args.getProperty("container"),
        args.getProperty("anchor"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesGoldenFixtureAndIsIdempotent(String name) throws Exception {
    Path dir = fixtures().resolve(name);
    Properties args = args(dir);
    String input = read(dir.resolve("input"));
    ImageRef pin = ImageRef.parseDigestReference(args.getProperty("pin"));
    var target =
        new PublishRequest.Target("file", format(args), args.getProperty("image"), options(args));

    EditResult result = TargetEditors.edit(format(args), input, target, pin);

    switch (args.getProperty("result")) {
      case "Changed" -> {
        String expected = read(dir.resolve("expected"));
        assertThat(result).isEqualTo(new EditResult.Changed(expected));
        assertThat(TargetEditors.edit(format(args), expected, target, pin))
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
  void hasAtLeastFortyCasesCoveringEveryFormat() throws Exception {
    List<String> formats = new ArrayList<>();
    for (String name : cases().toList()) {
      formats.add(format(args(fixtures().resolve(name))));
    }
    assertThat(formats).hasSizeGreaterThanOrEqualTo(40).containsAll(TargetEditors.FORMATS);
  }

  /**
   * Renders each changed kustomize case with {@code kubectl kustomize} over a one-Deployment base
   * and checks the container image is {@code name@sha256:…}. Skipped when kubectl is not on PATH.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kustomizeChangedCases")
  void kubectlRendersThePinnedImage(String name, @TempDir Path tmp) throws Exception {
    Optional<Path> kubectl = onPath("kubectl");
    assumeTrue(kubectl.isPresent(), "kubectl is not on PATH; rendered check skipped");
    Path dir = fixtures().resolve(name);
    Properties args = args(dir);
    ImageRef pin = ImageRef.parseDigestReference(args.getProperty("pin"));
    String kustomization = read(dir.resolve("expected"));
    Map<?, ?> entry = entryFor(kustomization, args.getProperty("image"));
    String image = (String) entry.get("name");
    Object newName = entry.get("newName");

    Path base = Files.createDirectories(tmp.resolve("base"));
    Files.writeString(base.resolve("kustomization.yaml"), "resources:\n- deployment.yaml\n");
    Files.writeString(
        base.resolve("deployment.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n"
            + "    spec:\n      containers:\n      - name: app\n        image: "
            + image
            + ":old\n");
    Path overlay = Files.createDirectories(tmp.resolve("overlay"));
    // Only the images block, as the editor wrote it: the fixture's resources do not exist here.
    String images = imagesBlock(kustomization);
    // kustomize refuses unknown top-level keys, so an anchor defined beside images: (the
    // merge-key cases) cannot be carried into a file kubectl accepts.
    assumeFalse(
        images.matches("(?s).*<<:\\s*\\*.*"),
        "the entry merges an anchor defined outside images:, which kustomize cannot load alone");
    Files.writeString(overlay.resolve("kustomization.yaml"), images + "resources:\n- ../base\n");

    Process p =
        new ProcessBuilder(kubectl.get().toString(), "kustomize", overlay.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    String want = (newName != null ? newName : image) + "@" + pin.digest();
    assertThat(out).contains("image: " + want + "\n");
  }

  /** The {@code images[]} entry the case pins, as loaded from the edited file. */
  private static Map<?, ?> entryFor(String kustomization, String image) {
    Map<?, ?> root =
        (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(kustomization);
    String wanted = ImageRef.parse(image).canonicalName();
    return ((List<?>) root.get("images"))
        .stream()
            .map(Map.class::cast)
            .filter(e -> ImageRef.parse((String) e.get("name")).canonicalName().equals(wanted))
            .findFirst()
            .orElseThrow();
  }

  /** The top-level {@code images:} block of a kustomization, line endings made LF. */
  private static String imagesBlock(String text) {
    StringBuilder out = new StringBuilder();
    boolean skipping = true;
    for (String line : text.replace("\uFEFF", "").replace("\r\n", "\n").split("\n", -1)) {
      boolean topLevel = !line.isEmpty() && !line.startsWith(" ") && !line.startsWith("-")
          && !line.startsWith("#");
      if (topLevel) {
        skipping = !line.startsWith("images:");
      }
      if (!skipping) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  private static Optional<Path> onPath(String binary) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, binary);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static String format(Properties args) {
    return args.getProperty("format", PublishRequest.KUSTOMIZE);
  }

  private static Properties args(Path dir) throws IOException {
    Properties args = new Properties();
    args.load(new StringReader(read(dir.resolve("args"))));
    return args;
  }

  private static Path fixtures() throws URISyntaxException {
    return Path.of(GoldenFixturesTest.class.getResource("/fixtures/manifests").toURI());
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}

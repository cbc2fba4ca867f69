package dev.shipproof.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Sigstore conformance {@code bundle-verify} case, run through {@link BundleVerifier} (the
 * code the operator runs on each bundle) with the rules of {@code conformance/CASES.md}: the
 * verdict is "fail" when the folder name ends in {@code _fail}; the artifact, identity, issuer, key
 * and trusted root come from the folder or its defaults.
 */
class SigstoreConformanceTest {
  private static final String DEFAULT_IDENTITY =
      "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/"
          + "workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  private static final String DEFAULT_ISSUER = "https://token.actions.githubusercontent.com";

  /** Cases that cannot apply to this verifier, with the reason (also in docs/conformance.md). */
  static final List<String> NOT_APPLICABLE = List.of();

  private static final Map<Path, TrustRoot> ROOTS = new ConcurrentHashMap<>();

  private final BundleVerifier verifier = new BundleVerifier();

  static Path cases() {
    return Fixtures.root().resolve("conformance/bundle-verify");
  }

  static Stream<String> caseNames() {
    try (var folders = Files.list(cases())) {
      return folders
          .filter(Files::isDirectory)
          .map(f -> f.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("caseNames")
  void givesTheExpectedVerdict(String name) throws Exception {
    var folder = cases().resolve(name);
    var expectPass = !name.endsWith("_fail");

    var result = run(folder);
    System.out.printf("conformance %s: %s%n", name, result.message());

    assertThat(result.verified()).as("%s: %s", name, result.message()).isEqualTo(expectPass);
  }

  @Test
  void runsEveryCaseFolder() {
    var names = caseNames().toList();
    var applicable = names.stream().filter(n -> !NOT_APPLICABLE.contains(n)).count();
    System.out.printf(
        "Sigstore conformance bundle-verify: %d cases, %d applicable%n", names.size(), applicable);
    assertThat(names).hasSize(70);
  }

  private BundleVerifier.Result run(Path folder) throws IOException {
    var rootFile = folder.resolve("trusted_root.json");
    var trust =
        ROOTS.computeIfAbsent(
            Files.exists(rootFile)
                ? rootFile
                : Fixtures.root().resolve("conformance/trusted_root.public-good.json"),
            file -> TrustRoot.parse(readBytes(file)));
    var artifact =
        Files.exists(folder.resolve("artifact"))
            ? folder.resolve("artifact")
            : cases().resolve("a.txt");
    var sha256 = CosignLayers.sha256Hex(Files.readAllBytes(artifact));
    var keyFile = folder.resolve("key.pub");
    var expected =
        Files.exists(keyFile)
            ? ExpectedSigner.key(SigningKey.fromPem(Files.readString(keyFile)))
            : ExpectedSigner.keyless(
                read(folder.resolve("issuer"), DEFAULT_ISSUER),
                read(folder.resolve("identity"), DEFAULT_IDENTITY));
    return verifier.verify(
        Files.readAllBytes(folder.resolve("bundle.sigstore.json")), sha256, expected, trust);
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file, String fallback) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : fallback;
  }
}

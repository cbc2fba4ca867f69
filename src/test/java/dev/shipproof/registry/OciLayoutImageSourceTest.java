package dev.shipproof.registry;

import static dev.shipproof.testing.EvidenceFixtures.ARM64;
import static dev.shipproof.testing.EvidenceFixtures.INDEX;
import static dev.shipproof.testing.EvidenceFixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.RegistryException.Kind;
import dev.shipproof.testing.EvidenceFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OciLayoutImageSource} on the fixture layouts, and on tampered copies of them. */
class OciLayoutImageSourceTest {
  private static final Path COMPLETE = EvidenceFixtures.layout("complete");

  private final ImageSource source = new OciLayoutImageSource(COMPLETE);

  @Test
  void fetchesManifestsByDigestByteForByte() throws Exception {
    FetchedManifest single = source.fetchManifest(ref(SINGLE));
    FetchedManifest index = source.fetchManifest(ref(INDEX));

    assertThat(single.bytes()).isEqualTo(blob(COMPLETE, SINGLE));
    assertThat(single.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(index.bytes()).isEqualTo(blob(COMPLETE, INDEX));
    assertThat(index.mediaType()).isEqualTo("application/vnd.oci.image.index.v1+json");
  }

  @Test
  void unknownDigestIsNotFound() {
    assertThatThrownBy(() -> source.fetchManifest(ref("sha256:" + "1".repeat(64))))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
  }

  @Test
  void collectsReferrerBundlesAndCosignLayersOfSingleDigest() throws Exception {
    ImageSourceExpectations.assertCompleteEvidence(
        source.collectEvidence(ref(SINGLE)), SINGLE, COMPLETE);
  }

  @Test
  void collectsReferrerBundlesAndCosignLayersOfIndexDigest() throws Exception {
    ImageSourceExpectations.assertCompleteEvidence(
        source.collectEvidence(ref(INDEX)), INDEX, COMPLETE);
  }

  @Test
  void findsNothingAttachedToArm64Child() throws Exception {
    assertThat(source.collectEvidence(ref(ARM64))).isEmpty();
  }

  @Test
  void ignoresRegistryAndRepositoryOfTheReference() throws Exception {
    ImageRef elsewhere = ImageRef.parse("registry.example.com/other/name@" + SINGLE);

    assertThat(source.fetchManifest(elsewhere).digest()).isEqualTo(SINGLE);
  }

  @Test
  void refusesManifestWhoseFileDoesNotHashToTheDigest(@TempDir Path dir) throws Exception {
    Path layout = copy(COMPLETE, dir);
    replace(blobPath(layout, SINGLE), "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");

    assertThatThrownBy(() -> new OciLayoutImageSource(layout).fetchManifest(ref(SINGLE)))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DIGEST_MISMATCH));
  }

  @Test
  void tamperedReferrerBlobBecomesAnUnreadableItemInItsPlace(@TempDir Path dir) throws Exception {
    Path layout = copy(COMPLETE, dir);
    String slsaBundle = "sha256:68ec0137a927ccd2f42d64033c677428e9656ff0d276b7a99f413717bd214261";
    replace(blobPath(layout, slsaBundle), "\"mediaType\"", "\"mediaTypE\"");

    var evidence = new OciLayoutImageSource(layout).collectEvidence(ref(SINGLE));

    assertThat(evidence).hasSize(10);
    var broken = UnreadableEvidenceTest.onlyUnreadable(evidence);
    assertThat(broken.source()).isEqualTo("referrer sha256:e7a045a483de");
    assertThat(broken.content()).isEmpty();
    assertThat(broken.annotations().get(ImageSource.FETCH_ERROR))
        .startsWith("evidence blob sha256:68ec0137a927: the ")
        .contains("not to the digest asked for");
  }

  @Test
  void cosignTagManifestOverTheSizeLimitRefusesTheCollection(@TempDir Path dir) throws Exception {
    Path layout = copy(COMPLETE, dir);
    byte[] huge = new byte[(int) StoreImageSource.MAX_MANIFEST_BYTES + 1];
    String digest = Digests.compute("sha256:", huge);
    Files.write(blobPath(layout, digest), huge);
    String tag = "sha256-" + ARM64.substring(7) + ".sig";
    String index = Files.readString(layout.resolve("index.json"));
    String entry =
        "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
            + digest
            + "\",\"size\":"
            + huge.length
            + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\""
            + tag
            + "\"}},";
    Files.writeString(layout.resolve("index.json"), index.replaceFirst("\\[", "[" + entry));

    assertThatThrownBy(() -> new OciLayoutImageSource(layout).collectEvidence(ref(ARM64)))
        .isInstanceOfSatisfying(
            RegistryLimitException.class,
            e -> assertThat(e.limit()).isEqualTo(RegistryLimitException.Limit.MANIFEST_BYTES))
        .hasMessageContaining("refusing anything over " + StoreImageSource.MAX_MANIFEST_BYTES);
  }

  @Test
  void layoutWithoutIndexIsNotFound(@TempDir Path empty) {
    assertThatThrownBy(() -> new OciLayoutImageSource(empty).collectEvidence(ref(SINGLE)))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
        .hasMessageContaining("index.json");
  }

  static ImageRef ref(String digest) {
    return ImageRef.parse("localhost:5000/acme/api@" + digest);
  }

  private static byte[] blob(Path layout, String digest) throws IOException {
    return Files.readAllBytes(blobPath(layout, digest));
  }

  private static Path blobPath(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring(7));
  }

  private static void replace(Path file, String from, String to) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    Files.writeString(file, text.replaceFirst(Pattern.quote(from), to));
  }

  private static Path copy(Path layout, Path target) throws IOException {
    try (Stream<Path> files = Files.walk(layout)) {
      for (Path file : files.toList()) {
        Path to = target.resolve(layout.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to);
        }
      }
    }
    return target;
  }
}

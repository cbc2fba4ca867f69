package dev.shipproof.registry;

import static dev.shipproof.testing.EvidenceFixtures.ARM64;
import static dev.shipproof.testing.EvidenceFixtures.INDEX;
import static dev.shipproof.testing.EvidenceFixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.model.EvidenceItem;
import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.RegistryException.Kind;
import dev.shipproof.testing.DockerRegistry;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.LayoutPusher;
import dev.shipproof.testing.LayoutPusher.Pushed;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link OrasImageSource} against a real docker-registry holding the {@code complete} layout. */
class OrasImageSourceTest {
  private static final Path COMPLETE = EvidenceFixtures.layout("complete");

  private static DockerRegistry registry;
  private static Pushed pushed;
  private static ImageSource source;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = DockerRegistry.start();
    pushed = LayoutPusher.into(registry).push(COMPLETE, "acme/api");
    source = new OrasImageSource(RegistryAccess.defaults().withInsecure(true));
  }

  @AfterAll
  static void stopRegistry() {
    registry.stop();
  }

  @Test
  void fetchesSinglePlatformManifestByDigestByteForByte() throws Exception {
    FetchedManifest manifest = source.fetchManifest(pushed.ref(SINGLE));

    assertThat(manifest.digest()).isEqualTo(SINGLE);
    assertThat(manifest.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(manifest.bytes()).hasSize(540).isEqualTo(layoutBlob(SINGLE));
  }

  @Test
  void fetchesImageIndexByDigestByteForByte() throws Exception {
    FetchedManifest manifest = source.fetchManifest(pushed.ref(INDEX));

    assertThat(manifest.mediaType()).isEqualTo("application/vnd.oci.image.index.v1+json");
    assertThat(manifest.bytes()).hasSize(586).isEqualTo(layoutBlob(INDEX));
  }

  @Test
  void unknownDigestIsNotFound() {
    ImageRef unknown = pushed.ref("sha256:" + "0".repeat(64));

    assertThatThrownBy(() -> source.fetchManifest(unknown))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
        .hasMessageContaining("sha256:" + "0".repeat(64));
  }

  @Test
  void refusesPlainHttpRegistryUnlessMarkedInsecure() {
    ImageSource secure = new OrasImageSource(RegistryAccess.defaults());

    assertThatThrownBy(() -> secure.fetchManifest(pushed.ref(SINGLE)))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
        .hasMessageContaining("TLS")
        .hasMessageContaining("insecure");
  }

  @Test
  void collectsReferrerBundlesAndCosignLayersOfSingleDigest() throws Exception {
    var evidence = source.collectEvidence(pushed.ref(SINGLE));

    ImageSourceExpectations.assertCompleteEvidence(evidence, SINGLE, COMPLETE);
  }

  @Test
  void collectsReferrerBundlesAndCosignLayersOfIndexDigest() throws Exception {
    var evidence = source.collectEvidence(pushed.ref(INDEX));

    ImageSourceExpectations.assertCompleteEvidence(evidence, INDEX, COMPLETE);
  }

  @Test
  void findsNothingAttachedToArm64Child() throws Exception {
    assertThat(source.collectEvidence(pushed.ref(ARM64))).isEmpty();
  }

  @Test
  void bundleEvidenceKeepsTheBlobBytes() throws Exception {
    var evidence = source.collectEvidence(pushed.ref(SINGLE));

    EvidenceItem slsa =
        evidence.stream()
            .filter(item -> item.source().equals("referrer sha256:e7a045a483de"))
            .findFirst()
            .orElseThrow();
    assertThat(slsa.content()).isEqualTo(layoutBlob("sha256:68ec0137a927ccd2f42d64033c677428e9656ff0d276b7a99f413717bd214261"));
  }

  private static byte[] layoutBlob(String digest) throws Exception {
    return Files.readAllBytes(COMPLETE.resolve("blobs/sha256").resolve(digest.substring(7)));
  }
}

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    assertThat(slsa.content())
        .isEqualTo(
            layoutBlob("sha256:68ec0137a927ccd2f42d64033c677428e9656ff0d276b7a99f413717bd214261"));
  }

  @Test
  void refusesManifestWhoseServedBytesDoNotHashToTheDigest() throws Exception {
    try (var lie = registry.tamper(SINGLE, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")) {
      assertThatThrownBy(() -> source.fetchManifest(pushed.ref(SINGLE)))
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DIGEST_MISMATCH))
          .hasMessageContaining("sha256:fef24f66563c");
    }
    assertThat(source.fetchManifest(pushed.ref(SINGLE)).bytes()).isEqualTo(layoutBlob(SINGLE));
  }

  @Test
  void referrerWhoseBundleBlobIsGoneFromStorageBecomesOneUnreadableItem(@TempDir Path dir)
      throws Exception {
    LayoutEdits layout = LayoutEdits.copy(COMPLETE, dir);
    byte[] bundle = "{\"soon\":\"gone\"}".getBytes(StandardCharsets.UTF_8);
    String blob = layout.addBlob(bundle);
    String referrer = layout.plantReferrer(SINGLE, List.of(LayoutEdits.bundleLayer(bundle)));
    Pushed broken = LayoutPusher.into(registry).push(layout.root(), "acme/broken");
    Files.delete(registry.blobDataPath(blob));

    var evidence = source.collectEvidence(broken.ref(SINGLE));

    assertThat(evidence).hasSize(11);
    EvidenceItem item = UnreadableEvidenceTest.onlyUnreadable(evidence);
    assertThat(item.source()).isEqualTo("referrer " + ImageRef.shortDigest(referrer));
    assertThat(item.format()).isEqualTo(EvidenceItem.Format.SIGSTORE_BUNDLE);
    assertThat(item.content()).isEmpty();
    assertThat(item.annotations())
        .containsExactly(
            Map.entry(
                ImageSource.FETCH_ERROR,
                "evidence blob "
                    + ImageRef.shortDigest(blob)
                    + " of referrer "
                    + ImageRef.shortDigest(referrer)
                    + " is missing from registry "
                    + registry.host()
                    + "/acme/broken"));
    ImageSourceExpectations.assertCompleteEvidence(
        UnreadableEvidenceTest.readable(evidence), SINGLE, COMPLETE);
  }

  @Test
  void referrerBlobTamperedInStorageBecomesAnUnreadableItemInItsPlace() throws Exception {
    String slsaBundle = "sha256:68ec0137a927ccd2f42d64033c677428e9656ff0d276b7a99f413717bd214261";
    try (var lie = registry.tamper(slsaBundle, "\"mediaType\"", "\"mediaTypE\"")) {
      var evidence = source.collectEvidence(pushed.ref(SINGLE));

      assertThat(evidence).hasSize(10);
      EvidenceItem item = UnreadableEvidenceTest.onlyUnreadable(evidence);
      assertThat(item.source()).isEqualTo("referrer sha256:e7a045a483de");
      assertThat(item.annotations().get(ImageSource.FETCH_ERROR))
          .startsWith("evidence blob sha256:68ec0137a927: the ")
          .endsWith("not to the digest asked for; refusing them");
    }
  }

  @Test
  void referrerManifestTamperedInStorageBecomesAnUnreadableItem() throws Exception {
    String referrer = "sha256:e7a045a483de5be8897606399bc87d70eb8a92b099875382e6a06df6bcb5fc09";
    try (var lie = registry.tamper(referrer, "2026-11-02T09:00:00Z", "2026-11-02T09:00:01Z")) {
      var evidence = source.collectEvidence(pushed.ref(SINGLE));

      assertThat(evidence).hasSize(10);
      EvidenceItem item = UnreadableEvidenceTest.onlyUnreadable(evidence);
      assertThat(item.source()).isEqualTo("referrer sha256:e7a045a483de");
      assertThat(item.annotations().get(ImageSource.FETCH_ERROR))
          .startsWith("referrer manifest sha256:e7a045a483de: the ");
    }
  }

  @Test
  void cosignLayerTamperedInStorageBecomesAnUnreadableItemPerLayer() throws Exception {
    String simpleSigning =
        "sha256:dd0461b69f0dbb60e2e37e1a88ee49e9a315c3fca9f6f5c49368be36b1556479";
    try (var lie = registry.tamper(simpleSigning, "fef24f66", "fef24f67")) {
      var evidence = source.collectEvidence(pushed.ref(SINGLE));

      assertThat(evidence).hasSize(10);
      assertThat(evidence)
          .filteredOn(i -> i.annotations().containsKey(ImageSource.FETCH_ERROR))
          .hasSize(2)
          .allSatisfy(
              item -> {
                assertThat(item.source()).endsWith(".sig");
                assertThat(item.format()).isEqualTo(EvidenceItem.Format.COSIGN_SIGNATURE);
                assertThat(item.content()).isEmpty();
              });
    }
  }

  @Test
  void findsReferrersThroughTheTagSchemaBecauseDockerRegistryHasNoReferrersApi() {
    assertThat(pushed.referrersTags())
        .containsKeys("sha256-" + SINGLE.substring(7), "sha256-" + INDEX.substring(7))
        .doesNotContainKey("sha256-" + ARM64.substring(7));
  }

  @Test
  void skipsListedReferrerWhoseSubjectNamesAnotherDigest() throws Exception {
    Pushed mixed = LayoutPusher.into(registry).push(COMPLETE, "acme/mixed");
    String ownReferrer = "sha256:e7a045a483de5be8897606399bc87d70eb8a92b099875382e6a06df6bcb5fc09";
    String indexReferrer =
        "sha256:ad232d641020cd04dcaf0bcedf1ad97ffd3ea8818665da43bf8e6f700d8042ba";
    String index =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
            + "\"manifests\":["
            + referrerDescriptor(ownReferrer, 810)
            + ","
            + referrerDescriptor(indexReferrer, 807)
            + "]}";
    LayoutPusher.into(registry)
        .putManifest(
            "acme/mixed",
            "sha256-" + SINGLE.substring(7),
            index.getBytes(StandardCharsets.UTF_8),
            "application/vnd.oci.image.index.v1+json");

    var evidence = source.collectEvidence(mixed.ref(SINGLE));

    assertThat(evidence)
        .filteredOn(item -> item.source().startsWith("referrer "))
        .extracting(EvidenceItem::source)
        .containsExactly("referrer sha256:e7a045a483de");
    assertThat(evidence).hasSize(6);
  }

  private static String referrerDescriptor(String digest, int size) {
    return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
        + digest
        + "\",\"size\":"
        + size
        + ",\"artifactType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"}";
  }

  private static byte[] layoutBlob(String digest) throws Exception {
    return Files.readAllBytes(COMPLETE.resolve("blobs/sha256").resolve(digest.substring(7)));
  }
}

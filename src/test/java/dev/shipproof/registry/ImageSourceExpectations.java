package dev.shipproof.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipproof.model.EvidenceItem;
import dev.shipproof.model.EvidenceItem.Format;
import dev.shipproof.model.ImageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What both image sources must find for a digest of the {@code complete} layout: one bundle per
 * referrer whose subject is the digest, then every {@code .sig} and {@code .att} layer. The
 * expectation is derived from the layout's own files, so it checks the walk, not a copy of it.
 */
final class ImageSourceExpectations {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageSourceExpectations() {}

  static void assertCompleteEvidence(List<EvidenceItem> evidence, String digest, Path layout)
      throws IOException {
    String sigTag = "sha256-" + digest.substring(7) + ".sig";
    String attTag = "sha256-" + digest.substring(7) + ".att";

    assertThat(evidence).hasSize(10);
    assertThat(evidence.stream().filter(i -> i.format() == Format.SIGSTORE_BUNDLE))
        .hasSize(5)
        .allSatisfy(
            item -> {
              assertThat(item.source()).matches("referrer sha256:[0-9a-f]{12}");
              assertThat(item.mediaType())
                  .isEqualTo("application/vnd.dev.sigstore.bundle.v0.3+json");
            });
    assertThat(evidence)
        .filteredOn(i -> i.format() == Format.SIGSTORE_BUNDLE)
        .extracting(EvidenceItem::source)
        .containsExactlyInAnyOrderElementsOf(referrerSources(layout, digest));
    assertThat(evidence)
        .filteredOn(i -> i.format() != Format.SIGSTORE_BUNDLE)
        .extracting(EvidenceItem::source, EvidenceItem::format, EvidenceItem::mediaType)
        .containsExactly(
            tuple(sigTag, Format.COSIGN_SIGNATURE, StoreImageSource.COSIGN_SIMPLESIGNING),
            tuple(sigTag, Format.COSIGN_SIGNATURE, StoreImageSource.COSIGN_SIMPLESIGNING),
            tuple(attTag, Format.COSIGN_ATTESTATION, StoreImageSource.DSSE_ENVELOPE),
            tuple(attTag, Format.COSIGN_ATTESTATION, StoreImageSource.DSSE_ENVELOPE),
            tuple(attTag, Format.COSIGN_ATTESTATION, StoreImageSource.DSSE_ENVELOPE));
    assertThat(evidence)
        .filteredOn(i -> i.source().equals(sigTag))
        .allSatisfy(
            item ->
                assertThat(item.annotations()).containsKey("dev.cosignproject.cosign/signature"));
    assertThat(evidence)
        .filteredOn(i -> i.source().equals(sigTag))
        .anySatisfy(
            item ->
                assertThat(item.annotations())
                    .containsKeys(
                        "dev.sigstore.cosign/certificate",
                        "dev.sigstore.cosign/chain",
                        "dev.sigstore.cosign/bundle"));
    for (EvidenceItem item : evidence) {
      assertThat(LayoutBlobs.has(layout, item.content()))
          .as("content of %s is a blob of the layout", item.source())
          .isTrue();
    }
  }

  /** {@code referrer sha256:<12 hex>} for every index.json manifest whose subject is the digest. */
  private static List<String> referrerSources(Path layout, String digest) throws IOException {
    List<String> sources = new ArrayList<>();
    for (JsonNode entry : JSON.readTree(layout.resolve("index.json").toFile()).path("manifests")) {
      String entryDigest = entry.path("digest").asText();
      JsonNode manifest =
          JSON.readTree(layout.resolve("blobs/sha256").resolve(entryDigest.substring(7)).toFile());
      if (digest.equals(manifest.path("subject").path("digest").asText(null))) {
        sources.add("referrer " + ImageRef.shortDigest(entryDigest));
      }
    }
    return sources;
  }

  /** Whether some blob file of the layout holds exactly these bytes. */
  static final class LayoutBlobs {
    private LayoutBlobs() {}

    static boolean has(Path layout, byte[] content) {
      Path blob =
          layout.resolve("blobs/sha256").resolve(Digests.hex(Digests.compute("sha256:", content)));
      try {
        return Files.exists(blob) && Arrays.equals(Files.readAllBytes(blob), content);
      } catch (IOException e) {
        return false;
      }
    }
  }
}

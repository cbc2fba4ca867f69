package dev.shipproof.registry;

import static dev.shipproof.testing.EvidenceFixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.model.ImageRef;
import dev.shipproof.testing.EvidenceFixtures;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingImageSourceTest {
  private static final Path COMPLETE = EvidenceFixtures.layout("complete");

  @Test
  void servesConfiguredRepositoryFromItsLayout(@TempDir Path empty) throws Exception {
    ImageSource fallback = new OciLayoutImageSource(empty);
    RoutingImageSource routing =
        RoutingImageSource.layouts(Map.of("localhost:5000/acme/api", COMPLETE), fallback);
    ImageRef ref = ImageRef.parse("localhost:5000/acme/api@" + SINGLE);

    assertThat(routing.sourceFor(ref)).isInstanceOf(OciLayoutImageSource.class);
    assertThat(routing.fetchManifest(ref).digest()).isEqualTo(SINGLE);
    assertThat(routing.collectEvidence(ref)).hasSize(10);
  }

  @Test
  void sendsOtherNamesToTheFallback(@TempDir Path empty) {
    ImageSource fallback = new OciLayoutImageSource(empty);
    RoutingImageSource routing =
        RoutingImageSource.layouts(Map.of("localhost:5000/acme/api", COMPLETE), fallback);

    assertThat(routing.sourceFor(ImageRef.parse("localhost:5000/acme/api-two@" + SINGLE)))
        .isSameAs(fallback);
    assertThat(routing.sourceFor(ImageRef.parse("localhost:5001/acme/api@" + SINGLE)))
        .isSameAs(fallback);
    assertThat(routing.sourceFor(ImageRef.parse("registry.example.com/acme/api@" + SINGLE)))
        .isSameAs(fallback);
  }

  @Test
  void matchesWholePathSegmentsAndPrefersTheLongestPrefix(@TempDir Path empty) {
    ImageSource host = new OciLayoutImageSource(empty);
    ImageSource repo = new OciLayoutImageSource(COMPLETE);
    ImageSource fallback = new OciLayoutImageSource(empty.resolve("none"));
    RoutingImageSource routing =
        new RoutingImageSource(
            Map.of("localhost:5000/", host, "localhost:5000/acme/api", repo), fallback);

    assertThat(routing.sourceFor(ImageRef.parse("localhost:5000/acme/api/sub@" + SINGLE)))
        .isSameAs(repo);
    assertThat(routing.sourceFor(ImageRef.parse("localhost:5000/acme/web@" + SINGLE)))
        .isSameAs(host);
  }

  @Test
  void upperCaseHostInTheReferenceStillReachesTheConfiguredLayout(@TempDir Path empty)
      throws Exception {
    ImageSource fallback = new OciLayoutImageSource(empty);
    RoutingImageSource routing =
        RoutingImageSource.layouts(Map.of("localhost:5000/acme/api", COMPLETE), fallback);
    ImageRef ref = ImageRef.parse("LOCALHOST:5000/acme/api@" + SINGLE);

    assertThat(ref.canonicalName()).isEqualTo("localhost:5000/acme/api");
    assertThat(routing.sourceFor(ref)).isNotSameAs(fallback);
    assertThat(routing.fetchManifest(ref).digest()).isEqualTo(SINGLE);
  }

  @Test
  void upperCaseHostInTheRouteMatchesLowerCaseReferences(@TempDir Path empty) {
    ImageSource fallback = new OciLayoutImageSource(empty);
    RoutingImageSource routing =
        RoutingImageSource.layouts(Map.of("Registry.Example.COM:443/acme/api", COMPLETE), fallback);

    assertThat(routing.sourceFor(ImageRef.parse("registry.example.com:443/acme/api@" + SINGLE)))
        .isNotSameAs(fallback);
    assertThat(routing.sourceFor(ImageRef.parse("registry.example.com:444/acme/api@" + SINGLE)))
        .isSameAs(fallback);
  }

  @Test
  void refusesTwoRoutesForTheSameNameInDifferentCase(@TempDir Path empty) {
    ImageSource fallback = new OciLayoutImageSource(empty);

    assertThatThrownBy(
            () ->
                RoutingImageSource.layouts(
                    Map.of("LOCALHOST:5000/acme/api", COMPLETE, "localhost:5000/acme/api", empty),
                    fallback))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("localhost:5000/acme/api");
  }
}

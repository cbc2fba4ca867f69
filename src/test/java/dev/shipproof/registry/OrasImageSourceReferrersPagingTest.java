package dev.shipproof.registry;

import static dev.shipproof.testing.EvidenceFixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.RegistryException.Kind;
import dev.shipproof.registry.RegistryLimitException.Limit;
import dev.shipproof.testing.DockerRegistry;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.LayoutPusher;
import dev.shipproof.testing.ReferrersApiFront;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The referrers API as registries that implement it answer: in pages linked by {@code Link:
 * rel="next"}, and with the {@code artifactType} filter applied. The front hides the tag schema, so
 * only the API can find the referrers.
 */
class OrasImageSourceReferrersPagingTest {
  private static final Path COMPLETE = EvidenceFixtures.layout("complete");

  private static DockerRegistry registry;
  private ReferrersApiFront front;
  private ImageSource source;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = DockerRegistry.start();
    LayoutPusher.into(registry).push(COMPLETE, "acme/api");
  }

  @AfterAll
  static void stopRegistry() {
    registry.stop();
  }

  @BeforeEach
  void startFront() throws Exception {
    front = ReferrersApiFront.before(registry).hidingTagSchema(true);
    source = new OrasImageSource(RegistryAccess.defaults().withInsecure(true));
  }

  @AfterEach
  void stopFront() {
    front.close();
  }

  @Test
  void followsEveryPageOfTheReferrersList() throws Exception {
    front.inPagesOf(2);

    var evidence = source.collectEvidence(ref());

    ImageSourceExpectations.assertCompleteEvidence(evidence, SINGLE, COMPLETE);
    assertThat(front.referrersCalls()).isEqualTo(3);
  }

  @Test
  void asksForEachBundleArtifactTypeWhenTheRegistryFilters() throws Exception {
    front.applyingArtifactTypeFilter(true).inPagesOf(2);

    var evidence = source.collectEvidence(ref());

    ImageSourceExpectations.assertCompleteEvidence(evidence, SINGLE, COMPLETE);
    assertThat(front.askedArtifactTypes()).isEqualTo(StoreImageSource.BUNDLE_ARTIFACT_TYPES);
  }

  @Test
  void asksOnceWhenTheRegistryIgnoresTheFilter() throws Exception {
    source.collectEvidence(ref());

    assertThat(front.askedArtifactTypes())
        .containsExactly(StoreImageSource.BUNDLE_ARTIFACT_TYPES.get(0));
  }

  @Test
  void aListThatNeverEndsIsRefusedAfterTheLastPageFollowed() {
    String self = "/v2/acme/api/referrers/" + SINGLE + "?artifactType=x";
    front.withNextLink(self);

    assertThatThrownBy(() -> source.collectEvidence(ref()))
        .isInstanceOfSatisfying(
            RegistryLimitException.class,
            e -> assertThat(e.limit()).isEqualTo(Limit.REFERRER_PAGES))
        .hasMessageContaining("past " + OrasContentStore.MAX_REFERRER_PAGES + " pages");
    assertThat(front.referrersCalls()).isEqualTo(OrasContentStore.MAX_REFERRER_PAGES);
  }

  @Test
  void aNextPageOnAnotherHostIsRefusedNotFollowed() {
    front.withNextLink("http://localhost:1/v2/acme/api/referrers/" + SINGLE + "?page=1");

    assertThatThrownBy(() -> source.collectEvidence(ref()))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .hasMessageContaining("outside this repository's referrers");
    assertThat(front.referrersCalls()).isEqualTo(1);
  }

  private ImageRef ref() {
    return ImageRef.parse(front.host() + "/acme/api@" + SINGLE);
  }
}

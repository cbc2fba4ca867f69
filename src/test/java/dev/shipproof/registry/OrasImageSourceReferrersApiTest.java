package dev.shipproof.registry;

import static dev.shipproof.testing.EvidenceFixtures.ARM64;
import static dev.shipproof.testing.EvidenceFixtures.INDEX;
import static dev.shipproof.testing.EvidenceFixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.model.ImageRef;
import dev.shipproof.testing.DockerRegistry;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.LayoutPusher;
import dev.shipproof.testing.ReferrersApiFront;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A registry with the OCI 1.1 referrers API (the test front): the API is used, the tag schema is
 * read too, and a referrer both list is counted once.
 */
class OrasImageSourceReferrersApiTest {
  private static final Path COMPLETE = EvidenceFixtures.layout("complete");

  private static DockerRegistry registry;
  private static ReferrersApiFront front;
  private static ImageSource source;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = DockerRegistry.start();
    LayoutPusher.into(registry).push(COMPLETE, "acme/api");
    front = ReferrersApiFront.before(registry);
    source = new OrasImageSource(RegistryAccess.defaults().withInsecure(true));
  }

  @AfterAll
  static void stopRegistry() {
    front.close();
    registry.stop();
  }

  @Test
  void collectsReferrersFromTheApiAndTheTagSchemaEachOnce() throws Exception {
    int callsBefore = front.referrersCalls();
    int tagReadsBefore = front.tagSchemaReads();

    var single = source.collectEvidence(ref(SINGLE));
    var index = source.collectEvidence(ref(INDEX));

    // The front serves the tag schema's index through the API, so every referrer is listed twice.
    ImageSourceExpectations.assertCompleteEvidence(single, SINGLE, COMPLETE);
    ImageSourceExpectations.assertCompleteEvidence(index, INDEX, COMPLETE);
    assertThat(front.referrersCalls() - callsBefore).isEqualTo(2);
    assertThat(front.tagSchemaReads() - tagReadsBefore).isEqualTo(2);
  }

  @Test
  void emptyReferrersAnswerAndNoTagMeanNothingAttached() throws Exception {
    assertThat(source.collectEvidence(ref(ARM64))).isEmpty();
  }

  private static ImageRef ref(String digest) {
    return ImageRef.parse(front.host() + "/acme/api@" + digest);
  }
}

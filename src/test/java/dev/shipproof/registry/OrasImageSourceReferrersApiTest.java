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

/** A registry with the OCI 1.1 referrers API: the API is used and the tag schema is not read. */
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
  void collectsReferrersThroughTheReferrersApi() throws Exception {
    int tagReadsBefore = front.tagSchemaReads();

    var single = source.collectEvidence(ref(SINGLE));
    var index = source.collectEvidence(ref(INDEX));

    ImageSourceExpectations.assertCompleteEvidence(single, SINGLE, COMPLETE);
    ImageSourceExpectations.assertCompleteEvidence(index, INDEX, COMPLETE);
    assertThat(front.referrersCalls()).isGreaterThanOrEqualTo(2);
    assertThat(front.tagSchemaReads()).isEqualTo(tagReadsBefore);
  }

  @Test
  void emptyReferrersAnswerMeansNothingAttached() throws Exception {
    int tagReadsBefore = front.tagSchemaReads();

    assertThat(source.collectEvidence(ref(ARM64))).isEmpty();
    assertThat(front.tagSchemaReads()).isEqualTo(tagReadsBefore);
  }

  private static ImageRef ref(String digest) {
    return ImageRef.parse(front.host() + "/acme/api@" + digest);
  }
}

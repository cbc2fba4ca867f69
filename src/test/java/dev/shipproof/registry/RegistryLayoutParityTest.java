package dev.shipproof.registry;

import static dev.shipproof.testing.EvidenceFixtures.ARM64;
import static dev.shipproof.testing.EvidenceFixtures.INDEX;
import static dev.shipproof.testing.EvidenceFixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.model.EvidenceItem;
import dev.shipproof.model.ImageRef;
import dev.shipproof.testing.DockerRegistry;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.LayoutPusher;
import dev.shipproof.testing.LayoutPusher.Pushed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture scenario, pushed into a real registry, yields the same evidence as read straight
 * from its layout: the registry path (tag schema) and the layout path (index.json) must agree.
 */
class RegistryLayoutParityTest {
  private static final List<String> SCENARIOS =
      List.of(
          "complete",
          "neg-subject-mismatch",
          "neg-tampered-payload",
          "neg-test-result-failed",
          "neg-test-result-warned",
          "neg-wrong-identity");

  private static DockerRegistry registry;
  private static final Map<String, Pushed> PUSHED = new HashMap<>();
  private static final ImageSource REGISTRY_SOURCE =
      new OrasImageSource(RegistryAccess.defaults().withInsecure(true));

  @BeforeAll
  static void pushScenarios() throws Exception {
    registry = DockerRegistry.start();
    for (String scenario : SCENARIOS) {
      PUSHED.put(
          scenario,
          LayoutPusher.into(registry).push(EvidenceFixtures.layout(scenario), "acme/" + scenario));
    }
  }

  @AfterAll
  static void stopRegistry() {
    registry.stop();
  }

  static Stream<Arguments> scenarioDigests() {
    return SCENARIOS.stream()
        .flatMap(s -> Stream.of(SINGLE, INDEX, ARM64).map(d -> Arguments.of(s, d)));
  }

  @ParameterizedTest(name = "{0} @ {1}")
  @MethodSource("scenarioDigests")
  void registryAndLayoutFindTheSameEvidence(String scenario, String digest) throws Exception {
    ImageSource layout = new OciLayoutImageSource(EvidenceFixtures.layout(scenario));
    ImageRef ref = PUSHED.get(scenario).ref(digest);

    List<EvidenceItem> fromRegistry = REGISTRY_SOURCE.collectEvidence(ref);
    List<EvidenceItem> fromLayout = layout.collectEvidence(ref);

    assertThat(describe(fromRegistry)).containsExactlyInAnyOrderElementsOf(describe(fromLayout));
    if (digest.equals(SINGLE)) {
      assertThat(fromRegistry).isNotEmpty();
    }
    if (digest.equals(ARM64)) {
      assertThat(fromRegistry).isEmpty();
    }
  }

  private static List<String> describe(List<EvidenceItem> items) {
    return items.stream()
        .map(
            i ->
                i.source()
                    + " "
                    + i.format()
                    + " "
                    + i.mediaType()
                    + " "
                    + Digests.compute("sha256:", i.content())
                    + " "
                    + i.annotations())
        .toList();
  }
}

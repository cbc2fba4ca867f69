package dev.shipproof.promote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.RegistryCopySpec;
import dev.shipproof.api.v1alpha1.RegistrySpec;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.gitops.CommitMessage;
import dev.shipproof.gitops.JgitHistory;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.OrasImageSource;
import dev.shipproof.registry.RegistryAccess;
import dev.shipproof.testing.DockerRegistry;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.GitFixture;
import dev.shipproof.testing.LayoutPusher;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A promotion with {@code registry.copyTo} between two real registries: the bytes and evidence land
 * at the destination by digest, are verified there, and the pin names the destination.
 */
class RegistryCopyPromotionTest {
  static DockerRegistry source;
  static DockerRegistry target;
  static String image;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    source = DockerRegistry.start();
    target = DockerRegistry.start();
    LayoutPusher.into(source).push(EvidenceFixtures.layout("complete"), "acme/api");
    image = source.host() + "/acme/api";
  }

  @AfterAll
  static void stop() {
    if (source != null) {
      source.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void copiesTheIndexVerifiesItAtTheDestinationAndPinsTheDestinationName() throws Exception {
    GitFixture repo = GitFixture.kustomizeOverlay(dir.resolve("prod.git"), List.of(image));
    String destination = target.host() + "/prod/api";
    List<String> steps = new java.util.ArrayList<>();

    Outcome outcome =
        promoter()
            .promote(
                request(repo, destination, EvidenceFixtures.INDEX),
                (s, d) -> steps.add(s + ": " + d));

    assertThat(outcome).isInstanceOf(Outcome.Landed.class);
    assertThat(outcome.message()).contains(destination + "@" + EvidenceFixtures.INDEX);
    String overlay = repo.file(GitFixture.OVERLAY);
    assertThat(overlay)
        .contains("- name: " + image)
        .contains("newName: " + destination)
        .contains("digest: " + EvidenceFixtures.INDEX);
    assertThat(CommitMessage.trailers(repo.head().getFullMessage()))
        .containsEntry(CommitMessage.IMAGE, destination)
        .containsEntry(CommitMessage.DIGEST, EvidenceFixtures.INDEX);
    var there = new OrasImageSource(RegistryAccess.defaults().withInsecure(true));
    for (String digest :
        List.of(EvidenceFixtures.INDEX, EvidenceFixtures.SINGLE, EvidenceFixtures.ARM64)) {
      assertThat(there.fetchManifest(ImageRef.parse(destination + "@" + digest)).digest())
          .isEqualTo(digest);
    }
    assertThat(steps).anyMatch(s -> s.startsWith("copy: ") && s.contains("blob(s) uploaded"));
    assertThat(steps).anyMatch(s -> s.startsWith("fetch: manifest " + destination));
  }

  @Test
  void aDestinationServingOtherBytesForTheDigestFailsThePromotion() throws Exception {
    GitFixture repo = GitFixture.kustomizeOverlay(dir.resolve("lying.git"), List.of(image));
    String destination = target.host() + "/lying/api";
    assertThat(
            promoter().promote(request(repo, destination, EvidenceFixtures.SINGLE), Progress.NONE))
        .isInstanceOf(Outcome.Landed.class);
    String pinned = repo.head().name();

    try (var lie = target.tamper(EvidenceFixtures.SINGLE, "2026-01-01T00", "2026-01-02T00")) {
      GitFixture other = GitFixture.kustomizeOverlay(dir.resolve("other.git"), List.of(image));
      Outcome outcome =
          promoter().promote(request(other, destination, EvidenceFixtures.SINGLE), Progress.NONE);

      assertThat(outcome).isInstanceOf(Outcome.Refused.class);
      assertThat(((Outcome.Refused) outcome).reason()).isEqualTo("CopyDigestMismatch");
      assertThat(outcome.message()).contains(destination);
      assertThat(other.file(GitFixture.OVERLAY)).doesNotContain("sha256:");
    }
    assertThat(repo.head().name()).isEqualTo(pinned);
  }

  private Promoter promoter() {
    var clock = java.time.Clock.systemUTC();
    List<String> plain = List.of(source.host(), target.host());
    return new Promoter(
        RegistryRouting.from(Map.of(), plain),
        new SigstoreEvidenceVerifier(),
        new JgitWorkspace(dir.resolve("clones"), clock, d -> {}, null),
        new UpstreamGate(new JgitHistory(dir.resolve("cache")), clock, SoakStart.COMMIT_TIME),
        RegistryRouting.copiers(Map.of(), plain));
  }

  private PromotionRequest request(GitFixture repo, String destination, String digest)
      throws Exception {
    EnvironmentSpec env = GateWorld.spec(repo.url());
    env.getTargets().get(0).setImage(image);
    RegistryCopySpec copy = new RegistryCopySpec();
    copy.setRepository(destination);
    RegistrySpec registry = new RegistrySpec();
    registry.setCopyTo(copy);
    env.setRegistry(registry);
    var trust =
        dev.shipproof.evidence.TrustRoot.parse(
            java.nio.file.Files.readAllBytes(
                EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json")));
    return new PromotionRequest(
        "payments",
        "copy",
        "uid-" + repo.url().hashCode(),
        "production",
        env,
        image + "@" + digest,
        "copy test",
        trust);
  }
}

package dev.shipproof.promote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.EvidenceRecord;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.demo.Demo;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.gitops.PublishOutcome;
import dev.shipproof.gitops.PublishRequest;
import dev.shipproof.registry.FetchedManifest;
import dev.shipproof.registry.RegistryException;
import dev.shipproof.testing.EvidenceFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Promoting the fixture kit's image index under each platforms mode, end to end. */
class PlatformEvidenceTest {
  static final String IMAGE = "localhost:5000/acme/api";

  final List<PublishRequest> published = new ArrayList<>();
  final List<String> steps = new ArrayList<>();

  @Test
  void exactPromotesTheIndexOnItsOwnEvidenceWithoutFetchingChildren() throws Exception {
    Outcome outcome = promote("Exact", EvidenceFixtures.INDEX);

    assertThat(outcome).as(outcome.message()).isInstanceOf(Outcome.Landed.class);
    assertThat(steps).noneMatch(s -> s.contains("linux/arm64"));
    List<EvidenceRecord> evidence = ((Outcome.Landed) outcome).evidence();
    assertThat(evidence).hasSize(4).allMatch(r -> EvidenceFixtures.INDEX.equals(r.getDigest()));
    var signature = evidence.get(0);
    assertThat(signature.getMet()).isTrue();
    assertThat(signature.getKind()).isEqualTo("message-signature");
    assertThat(signature.getEnvelopeDigest()).startsWith("sha256:");
    assertThat(signature.getLogIndex()).isNotNull();
    assertThat(signature.getIntegratedTime()).isEqualTo("2026-11-02T09:01:00Z");
    assertThat(published.get(0).message())
        .contains(
            "signature(keyless acme/api release.yml); slsa-provenance; test-result PASSED;"
                + " sbom spdx");
  }

  @Test
  void indexCoversChildrenPromotesTheIndex() throws Exception {
    Outcome outcome = promote("IndexCoversChildren", EvidenceFixtures.INDEX);

    assertThat(outcome).as(outcome.message()).isInstanceOf(Outcome.Landed.class);
  }

  @Test
  void everyChildFetchesEachPlatformAndRefusesTheIndexWhoseArm64ChildHasNothing() throws Exception {
    Outcome outcome = promote("EveryChild", EvidenceFixtures.INDEX);

    assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    var refused = (Outcome.Refused) outcome;
    assertThat(refused.reason()).isEqualTo("EvidenceMissing");
    assertThat(refused.message())
        .startsWith("linux/arm64/v8 manifest sha256:900111409147: missing signature");
    assertThat(steps)
        .anyMatch(s -> s.startsWith("10 item(s) attached to linux/amd64 sha256:fef24f66563c"))
        .anyMatch(s -> s.startsWith("0 item(s) attached to linux/arm64/v8 sha256:900111409147"));
    assertThat(refused.evidence())
        .filteredOn(r -> Boolean.FALSE.equals(r.getMet()))
        .hasSize(4)
        .allMatch(r -> EvidenceFixtures.ARM64.equals(r.getDigest()));
    assertThat(refused.evidence())
        .filteredOn(r -> EvidenceFixtures.SINGLE.equals(r.getDigest()))
        .hasSize(4)
        .allMatch(r -> Boolean.TRUE.equals(r.getMet()));
    assertThat(published).isEmpty();
  }

  @Test
  void aPlatformManifestIsJudgedOnItsOwnEvidenceInEveryMode() throws Exception {
    Outcome outcome = promote("IndexCoversChildren", EvidenceFixtures.ARM64);

    assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    assertThat(((Outcome.Refused) outcome).reason()).isEqualTo("EvidenceMissing");
  }

  @Test
  void listsTheChildrenOfAnIndexButNotBuildKitAttestationManifests() throws Exception {
    var index =
        """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1,
           "digest":"sha256:%s","platform":{"os":"linux","architecture":"amd64"}},
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1,
           "digest":"sha256:%s","platform":{"os":"unknown","architecture":"unknown"},
           "annotations":{"vnd.docker.reference.type":"attestation-manifest"}}]}
        """
            .formatted("a".repeat(64), "b".repeat(64));
    var manifest =
        new FetchedManifest(
            "sha256:" + "c".repeat(64),
            "application/vnd.oci.image.index.v1+json",
            index.getBytes(StandardCharsets.UTF_8));

    assertThat(PlatformEvidence.isIndex(manifest)).isTrue();
    assertThat(PlatformEvidence.listed(manifest))
        .containsExactly(new PlatformEvidence.Listed("sha256:" + "a".repeat(64), "linux/amd64"));
  }

  @Test
  void refusesAnIndexListingAMalformedDigest() {
    var index = "{\"manifests\":[{\"digest\":\"sha256:../../etc\"}]}";
    var manifest =
        new FetchedManifest(
            "sha256:" + "c".repeat(64), null, index.getBytes(StandardCharsets.UTF_8));

    var refused =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            RegistryException.class, () -> PlatformEvidence.listed(manifest));

    assertThat(refused.kind()).isEqualTo(RegistryException.Kind.REFUSED);
    assertThat(refused.getMessage()).contains("malformed digest");
  }

  @Test
  void aConditionThatDoesNotCompileRefusesTheEnvironmentBeforeAnythingIsFetched() throws Exception {
    var promoter =
        new Promoter(
            RegistryRouting.from(Map.of(IMAGE, EvidenceFixtures.layout("complete")), List.of()),
            new SigstoreEvidenceVerifier(),
            request -> {
              published.add(request);
              return new PublishOutcome.Pushed("0123456789abcdef0123456789abcdef01234567");
            });
    var request = request("Exact", IMAGE + "@" + EvidenceFixtures.SINGLE);
    var rules = new ArrayList<>(request.environment().getPolicy().getAttestations());
    rules.get(0).setConditions(List.of("predicate.runDetails.builder.id =="));
    request.environment().getPolicy().setAttestations(rules);

    Outcome outcome = promoter.promote(request, (s, d) -> steps.add(d));

    assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    var refused = (Outcome.Refused) outcome;
    assertThat(refused.stage()).isEqualTo(Outcome.Stage.SPEC);
    assertThat(refused.reason()).isEqualTo("InvalidEnvironment");
    assertThat(refused.message()).contains("attestations[0].conditions[0]");
    assertThat(steps).isEmpty();
  }

  private Outcome promote(String platforms, String digest) throws Exception {
    var promoter =
        new Promoter(
            RegistryRouting.from(Map.of(IMAGE, EvidenceFixtures.layout("complete")), List.of()),
            new SigstoreEvidenceVerifier(),
            request -> {
              published.add(request);
              return new PublishOutcome.Pushed("0123456789abcdef0123456789abcdef01234567");
            });
    return promoter.promote(request(platforms, IMAGE + "@" + digest), (s, d) -> steps.add(d));
  }

  private static PromotionRequest request(String platforms, String image) throws Exception {
    EnvironmentSpec env = new EnvironmentSpec();
    GitSpec git = new GitSpec();
    git.setUrl("file:///x.git");
    env.setGit(git);
    TargetSpec target = new TargetSpec();
    target.setPath("overlay/kustomization.yaml");
    target.setImage(IMAGE);
    env.setTargets(List.of(target));
    var policy = Demo.policy();
    policy.setPlatforms(platforms);
    env.setPolicy(policy);
    TrustRoot trust =
        TrustRoot.parse(
            Files.readAllBytes(
                EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json")));
    return new PromotionRequest("payments", "p", "uid-1", "production", env, image, "why", trust);
  }
}

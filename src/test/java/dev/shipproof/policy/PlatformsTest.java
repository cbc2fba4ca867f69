package dev.shipproof.policy;

import static dev.shipproof.policy.PolicyEvaluatorTest.complete;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.EvidenceRecord;
import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.Claim;
import dev.shipproof.policy.ImageEvidence.Child;
import dev.shipproof.testing.EvidenceFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The platforms modes, on an index and on a platform manifest. */
class PlatformsTest {
  static final String INDEX = EvidenceFixtures.INDEX;
  static final String AMD64 = EvidenceFixtures.SINGLE;
  static final String ARM64 = EvidenceFixtures.ARM64;

  private final PolicyEvaluator evaluator = new PolicyEvaluator();

  static PolicySpec policy(String platforms) {
    var policy = KitPolicy.policy();
    policy.setPlatforms(platforms);
    return policy;
  }

  /** The fixture kit's shape: index and amd64 carry everything, arm64 nothing. */
  static ImageEvidence kitIndex() {
    return ImageEvidence.index(
        INDEX,
        complete(),
        List.of(
            new Child(AMD64, "linux/amd64", complete()),
            new Child(ARM64, "linux/arm64/v8", List.of())));
  }

  @Test
  void exactJudgesOnlyTheIndexItself() {
    var decision = evaluator.evaluate(policy("Exact"), kitIndex());

    assertThat(decision.allowed()).as(decision.message()).isTrue();
    assertThat(decision.evidenceRecords()).hasSize(4).allMatch(r -> INDEX.equals(r.getDigest()));
  }

  @Test
  void indexCoversChildrenAllowsTheIndexOnItsOwnEvidence() {
    var decision = evaluator.evaluate(policy("IndexCoversChildren"), kitIndex());

    assertThat(decision.allowed()).as(decision.message()).isTrue();
  }

  @Test
  void exactStillNeedsEvidenceOnTheIndex() {
    var bare = ImageEvidence.index(INDEX, List.of(), kitIndex().children());

    var decision = evaluator.evaluate(policy("IndexCoversChildren"), bare);

    assertThat(decision.reason()).isEqualTo(Reasons.EVIDENCE_MISSING);
    assertThat(decision.unmet()).allMatch(u -> INDEX.equals(u.digest()));
  }

  @Test
  void everyChildNamesThePlatformManifestThatLacksEvidence() {
    var decision = evaluator.evaluate(policy("EveryChild"), kitIndex());

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason()).isEqualTo(Reasons.EVIDENCE_MISSING);
    assertThat(decision.unmet()).hasSize(4).allMatch(u -> ARM64.equals(u.digest()));
    assertThat(decision.message())
        .startsWith(
            "linux/arm64/v8 manifest sha256:900111409147: missing signature: nothing attached");
    assertThat(decision.evidenceRecords())
        .extracting(EvidenceRecord::getDigest, EvidenceRecord::getMet)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(INDEX, true),
            org.assertj.core.groups.Tuple.tuple(INDEX, true),
            org.assertj.core.groups.Tuple.tuple(INDEX, true),
            org.assertj.core.groups.Tuple.tuple(INDEX, true),
            org.assertj.core.groups.Tuple.tuple(AMD64, true),
            org.assertj.core.groups.Tuple.tuple(AMD64, true),
            org.assertj.core.groups.Tuple.tuple(AMD64, true),
            org.assertj.core.groups.Tuple.tuple(AMD64, true),
            org.assertj.core.groups.Tuple.tuple(ARM64, false),
            org.assertj.core.groups.Tuple.tuple(ARM64, false),
            org.assertj.core.groups.Tuple.tuple(ARM64, false),
            org.assertj.core.groups.Tuple.tuple(ARM64, false));
  }

  @Test
  void everyChildAllowsWhenEveryPlatformCarriesEvidence() {
    var image =
        ImageEvidence.index(
            INDEX,
            complete(),
            List.of(
                new Child(AMD64, "linux/amd64", complete()), new Child(ARM64, null, complete())));

    var decision = evaluator.evaluate(policy("EveryChild"), image);

    assertThat(decision.allowed()).as(decision.message()).isTrue();
    assertThat(decision.evidenceRecords()).hasSize(12);
  }

  @Test
  void everyChildRefusesAChildWhoseEvidenceWasNotGathered() {
    var image = ImageEvidence.index(INDEX, complete(), List.of(new Child(ARM64, null, null)));

    var decision = evaluator.evaluate(policy("EveryChild"), image);

    assertThat(decision.reason()).isEqualTo(Reasons.EVIDENCE_MISSING);
    assertThat(decision.message())
        .contains("the evidence of this platform manifest was not gathered");
  }

  @Test
  void indexEvidenceCoversAPlatformManifestPromotedFromIt() {
    var child = ImageEvidence.manifest(ARM64, List.of()).withParent(INDEX, complete());

    var decision = evaluator.evaluate(policy("IndexCoversChildren"), child);

    assertThat(decision.allowed()).as(decision.message()).isTrue();
    assertThat(decision.satisfied())
        .allMatch(s -> INDEX.equals(s.coveredBy()) && ARM64.equals(s.digest()));
    assertThat(decision.evidenceRecords().get(0).getCoveredBy()).isEqualTo(INDEX);
  }

  @Test
  void ownEvidenceComesFirstAndTheIndexFillsTheGaps() {
    var ownSignature =
        List.<Claim>of(PolicyEvaluatorTest.signature(PolicyEvaluatorTest.ACME_SIGNER));
    var child = ImageEvidence.manifest(ARM64, ownSignature).withParent(INDEX, complete());

    var decision = evaluator.evaluate(policy("IndexCoversChildren"), child);

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.satisfied().get(0).coveredBy()).isNull();
    assertThat(decision.satisfied().get(1).coveredBy()).isEqualTo(INDEX);
  }

  @Test
  void exactIgnoresTheParentIndex() {
    var child = ImageEvidence.manifest(ARM64, List.of()).withParent(INDEX, complete());

    var decision = evaluator.evaluate(policy("Exact"), child);

    assertThat(decision.reason()).isEqualTo(Reasons.EVIDENCE_MISSING);
  }

  @Test
  void aRequirementNeitherTheManifestNorItsIndexMeetsSaysBoth() {
    var child = ImageEvidence.manifest(ARM64, List.of()).withParent(INDEX, List.of());

    var decision = evaluator.evaluate(policy("IndexCoversChildren"), child);

    assertThat(decision.unmet().get(0).message())
        .isEqualTo(
            "missing signature: nothing attached to the digest provides it; nor does index"
                + " sha256:bff91d6a78b5: nothing attached to the digest provides it");
  }

  @Test
  void refusesAnUnknownMode() {
    var decision = evaluator.evaluate(policy("AllOfThem"), kitIndex());

    assertThat(decision.reason()).isEqualTo(Reasons.POLICY_DENIED);
    assertThat(decision.message()).contains("platforms \"AllOfThem\" is not one of Exact");
  }
}

package dev.shipproof.evidence;

import static dev.shipproof.evidence.Fixtures.ARM64;
import static dev.shipproof.evidence.Fixtures.INDEX;
import static dev.shipproof.evidence.Fixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.Claim;
import dev.shipproof.policy.Decision;
import dev.shipproof.policy.KitPolicy;
import dev.shipproof.policy.PolicyEvaluator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OCI scenarios of fixtures/evidence/MANIFEST.md end to end: Sigstore bundle referrers read
 * straight from each layout, verified, then judged by the kit policy.
 */
class OciScenarioTest {
  private final SigstoreEvidenceVerifier verifier = new SigstoreEvidenceVerifier();
  private final PolicyEvaluator evaluator = new PolicyEvaluator();

  record Scenario(String layout, String digest, String reason, String messagePart) {}

  static Arguments scenario(String name, String layout, String digest, String reason, String part) {
    return Arguments.of(Named.of(name, new Scenario(layout, digest, reason, part)));
  }

  static Stream<Arguments> scenarios() {
    return Stream.of(
        scenario(
            "complete @single passes",
            "oci/complete",
            SINGLE,
            Reasons.EVIDENCE_VERIFIED,
            "all requirements met"),
        scenario(
            "complete @index passes",
            "oci/complete",
            INDEX,
            Reasons.EVIDENCE_VERIFIED,
            "all requirements met"),
        scenario(
            "complete @arm64 has nothing attached",
            "oci/complete",
            ARM64,
            Reasons.EVIDENCE_MISSING,
            "missing signature: nothing attached to the digest provides it; missing "
                + KitPolicy.SLSA
                + ": nothing attached"),
        scenario(
            "wrong identity",
            "oci/neg-wrong-identity",
            SINGLE,
            Reasons.IDENTITY_MISMATCH,
            "missing "
                + KitPolicy.SLSA
                + ": the only candidate (referrer sha256:a56489f93bef) is"
                + " signed by https://github.com/evil/api/.github/workflows/release.yml"
                + "@refs/heads/main which matches no signer in the policy"),
        scenario(
            "subject mismatch",
            "oci/neg-subject-mismatch",
            SINGLE,
            Reasons.SUBJECT_MISMATCH,
            "missing "
                + KitPolicy.SLSA
                + ": the only candidate (referrer sha256:9655553c9d10)"
                + " names another digest: no statement subject has digest "
                + SINGLE),
        scenario(
            "test result FAILED",
            "oci/neg-test-result-failed",
            SINGLE,
            Reasons.PREDICATE_REJECTED,
            "says result FAILED, but the policy allows only [PASSED]"),
        scenario(
            "test result WARNED",
            "oci/neg-test-result-warned",
            SINGLE,
            Reasons.PREDICATE_REJECTED,
            "says result WARNED, but the policy allows only [PASSED]"),
        scenario(
            "tampered payload",
            "oci/neg-tampered-payload",
            SINGLE,
            Reasons.SIGNATURE_INVALID,
            "missing "
                + KitPolicy.SLSA
                + ": the only candidate (referrer sha256:4b7303dc6001)"
                + " fails verification: the signature does not match the signed content"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void decidesEachKitScenarioAsExpected(Scenario s) {
    var items = Fixtures.referrers(s.layout(), s.digest());
    List<Claim> claims =
        verifier.verify(
            s.digest(), Fixtures.manifest(s.layout(), s.digest()), items, Fixtures.trust());

    Decision decision = evaluator.evaluate(KitPolicy.policy(), claims);

    assertThat(decision.reason()).as(decision.message()).isEqualTo(s.reason());
    assertThat(decision.allowed()).isEqualTo(s.reason().equals(Reasons.EVIDENCE_VERIFIED));
    assertThat(decision.message()).contains(s.messagePart());
    if (decision.allowed()) {
      assertThat(decision.evidenceRecords()).hasSize(4);
    } else {
      assertThat(decision.unmet()).isNotEmpty();
    }
  }
}

package dev.shipproof.policy;

import static dev.shipproof.policy.KitPolicy.ISSUER;
import static dev.shipproof.policy.KitPolicy.SLSA;
import static dev.shipproof.policy.KitPolicy.SPDX;
import static dev.shipproof.policy.KitPolicy.TEST_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Kind;
import dev.shipproof.model.Claim.Rejection;
import dev.shipproof.model.Claim.Signer;
import dev.shipproof.model.Claim.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyEvaluatorTest {
  static final String ACME =
      "https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main";
  static final String EVIL =
      "https://github.com/evil/api/.github/workflows/release.yml@refs/heads/main";
  static final Signer ACME_SIGNER = new Signer(ISSUER, ACME, null);
  static final String GOOD_SLSA =
      """
      {"buildDefinition":{"externalParameters":{"workflow":{"ref":"refs/heads/main",
        "repository":"https://github.com/acme/api","path":".github/workflows/release.yml"}}},
       "runDetails":{"builder":{"id":"https://github.com/actions/runner/github-hosted"}}}\
      """;

  private final PolicyEvaluator evaluator = new PolicyEvaluator();

  // --- claim builders -------------------------------------------------------------------------

  static Claim signature(Signer signer) {
    return new Claim(
        "referrer sha256:c39819e94b93",
        Kind.SIGNATURE,
        null,
        null,
        signer,
        Status.VERIFIED,
        null,
        "message signature");
  }

  static Claim attestation(String source, String type, String predicate, Signer signer) {
    return new Claim(
        source, Kind.ATTESTATION, type, predicate, signer, Status.VERIFIED, null, "ok");
  }

  static Claim slsa(String predicate) {
    return attestation("referrer sha256:e7a045a483de", SLSA, predicate, ACME_SIGNER);
  }

  static Claim testResult(String result) {
    return attestation(
        "referrer sha256:1dc845679237",
        TEST_RESULT,
        "{\"result\":\"" + result + "\",\"configuration\":[]}",
        ACME_SIGNER);
  }

  static Claim spdx() {
    return attestation(
        "referrer sha256:403ced6b7cb1", SPDX, "{\"spdxVersion\":\"SPDX-2.3\"}", ACME_SIGNER);
  }

  static Claim rejected(String source, Kind kind, String type, Rejection why, String detail) {
    return new Claim(source, kind, type, null, null, Status.REJECTED, why, detail);
  }

  static List<Claim> complete() {
    return List.of(signature(ACME_SIGNER), slsa(GOOD_SLSA), testResult("PASSED"), spdx());
  }

  /** The complete evidence with the SLSA claim replaced. */
  static List<Claim> withSlsa(Claim replacement) {
    return List.of(signature(ACME_SIGNER), replacement, testResult("PASSED"), spdx());
  }

  static PolicySpec policyWith(Consumer<PolicySpec> change) {
    var policy = KitPolicy.policy();
    change.accept(policy);
    return policy;
  }

  // --- the table ------------------------------------------------------------------------------

  record Case(PolicySpec policy, List<Claim> claims, String reason, String messagePart) {}

  static Arguments row(
      String name, PolicySpec policy, List<Claim> claims, String reason, String messagePart) {
    return Arguments.of(Named.of(name, new Case(policy, claims, reason, messagePart)));
  }

  static Stream<Arguments> denials() {
    var kit = KitPolicy.policy();
    return Stream.of(
        row(
            "no evidence at all",
            kit,
            List.of(),
            Reasons.EVIDENCE_MISSING,
            "missing signature: nothing attached to the digest provides it"),
        row(
            "only a keyed bundle, which this release cannot verify",
            kit,
            List.of(
                rejected(
                    "referrer sha256:42f53e44eadc",
                    Kind.SIGNATURE,
                    null,
                    Rejection.UNSUPPORTED,
                    "signed with a public key; keyed verification is not configured"),
                slsa(GOOD_SLSA),
                testResult("PASSED"),
                spdx()),
            Reasons.EVIDENCE_MISSING,
            "the only candidate (referrer sha256:42f53e44eadc) cannot be verified: signed with a"
                + " public key"),
        row(
            "provenance signed by another repository",
            kit,
            withSlsa(
                attestation(
                    "referrer sha256:a56489f93bef",
                    SLSA,
                    GOOD_SLSA,
                    new Signer(ISSUER, EVIL, null))),
            Reasons.IDENTITY_MISMATCH,
            "missing https://slsa.dev/provenance/v1: the only candidate (referrer"
                + " sha256:a56489f93bef) is signed by "
                + EVIL
                + " which matches no signer in the policy"),
        row(
            "signature by the right SAN from another issuer",
            kit,
            List.of(
                signature(new Signer("https://accounts.example.com", ACME, null)),
                slsa(GOOD_SLSA),
                testResult("PASSED"),
                spdx()),
            Reasons.IDENTITY_MISMATCH,
            "(issuer https://accounts.example.com)"),
        row(
            "unanchored regex still has to match the whole SAN",
            policyWith(
                p ->
                    p.setSignatures(
                        new ArrayList<>(
                            List.of(
                                KitPolicy.keyless(
                                    ISSUER, null, "https://github.com/acme/api/.+"))))),
            List.of(
                signature(
                    new Signer(
                        ISSUER, "https://evil.example/?https://github.com/acme/api/x", null)),
                slsa(GOOD_SLSA),
                testResult("PASSED"),
                spdx()),
            Reasons.IDENTITY_MISMATCH,
            "missing signature"),
        row(
            "provenance about another digest",
            kit,
            withSlsa(
                new Claim(
                    "referrer sha256:9655553c9d10",
                    Kind.ATTESTATION,
                    SLSA,
                    null,
                    ACME_SIGNER,
                    Status.REJECTED,
                    Rejection.SUBJECT_MISMATCH,
                    "no statement subject has digest sha256:fef2; it names sha256:84ed")),
            Reasons.SUBJECT_MISMATCH,
            "names another digest: no statement subject has digest"),
        row(
            "tampered provenance",
            kit,
            withSlsa(
                rejected(
                    "referrer sha256:4b7303dc6001",
                    Kind.ATTESTATION,
                    null,
                    Rejection.SIGNATURE_INVALID,
                    "signature invalid: the signature does not match")),
            Reasons.SIGNATURE_INVALID,
            "(referrer sha256:4b7303dc6001) fails verification: the signature does not match"),
        row(
            "unreadable bundle",
            kit,
            withSlsa(
                rejected(
                    "referrer sha256:000000000000",
                    Kind.ATTESTATION,
                    null,
                    Rejection.MALFORMED,
                    "not a JSON Sigstore bundle")),
            Reasons.SIGNATURE_INVALID,
            "cannot be read: not a JSON Sigstore bundle"),
        row(
            "test result FAILED",
            kit,
            List.of(signature(ACME_SIGNER), slsa(GOOD_SLSA), testResult("FAILED"), spdx()),
            Reasons.PREDICATE_REJECTED,
            "says result FAILED, but the policy allows only [PASSED]"),
        row(
            "test result WARNED",
            kit,
            List.of(signature(ACME_SIGNER), slsa(GOOD_SLSA), testResult("WARNED"), spdx()),
            Reasons.PREDICATE_REJECTED,
            "says result WARNED"),
        row(
            "provenance from a self-hosted builder",
            kit,
            withSlsa(
                slsa(
                    GOOD_SLSA.replace(
                        "https://github.com/actions/runner/github-hosted",
                        "https://ci.example.com/runner"))),
            Reasons.PREDICATE_REJECTED,
            "names builder https://ci.example.com/runner"),
        row(
            "provenance from another repository",
            kit,
            withSlsa(
                slsa(
                    GOOD_SLSA.replace(
                        "https://github.com/acme/api\"", "https://github.com/acme/fork\""))),
            Reasons.PREDICATE_REJECTED,
            "was built from repository https://github.com/acme/fork"),
        row(
            "provenance from another ref",
            kit,
            withSlsa(
                slsa(
                    GOOD_SLSA.replace(
                        "\"ref\":\"refs/heads/main\"", "\"ref\":\"refs/heads/feature\""))),
            Reasons.PREDICATE_REJECTED,
            "was built from ref refs/heads/feature, not refs/heads/main"),
        row(
            "empty policy",
            new PolicySpec(),
            complete(),
            Reasons.POLICY_DENIED,
            PolicyEvaluator.NOTHING_REQUIRED),
        row(
            "null policy",
            null,
            complete(),
            Reasons.POLICY_DENIED,
            PolicyEvaluator.NOTHING_REQUIRED),
        row(
            "invalid subjectRegExp",
            policyWith(p -> p.getSignatures().get(0).getKeyless().setSubjectRegExp("^https://(")),
            complete(),
            Reasons.POLICY_DENIED,
            "is not a valid regular expression"),
        row(
            "invalid builderIdRegExp",
            policyWith(p -> p.getAttestations().get(0).setBuilderIdRegExp("[")),
            complete(),
            Reasons.POLICY_DENIED,
            "builderIdRegExp \"[\" is not a valid regular"),
        row(
            "signer without subject or regex",
            policyWith(p -> p.getSignatures().get(0).getKeyless().setSubjectRegExp(null)),
            complete(),
            Reasons.POLICY_DENIED,
            "would trust every identity of " + ISSUER),
        row(
            "attestations without signers",
            policyWith(p -> p.setSignatures(new ArrayList<>())),
            complete(),
            Reasons.POLICY_DENIED,
            "names no signers and the policy lists none"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("denials")
  void deniesWithTheMostSpecificReason(Case c) {
    var decision = evaluator.evaluate(c.policy(), c.claims());

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason()).isEqualTo(c.reason());
    assertThat(decision.message()).contains(c.messagePart());
    assertThat(decision.unmet()).isNotEmpty();
    assertThat(decision.unmet().get(0).reason()).isEqualTo(c.reason());
  }

  @Test
  void allowsWhenEveryRequirementIsMetAndRecordsWhoMetIt() {
    var decision = evaluator.evaluate(KitPolicy.policy(), complete());

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.reason()).isEqualTo(Reasons.EVIDENCE_VERIFIED);
    assertThat(decision.unmet()).isEmpty();
    assertThat(decision.evidenceRecords())
        .extracting(
            r ->
                r.getRequirement()
                    + " | "
                    + r.getSource()
                    + " | "
                    + r.getSigner()
                    + " | "
                    + r.getIssuer()
                    + " | "
                    + r.getSummary())
        .containsExactly(
            "signature | referrer sha256:c39819e94b93 | "
                + ACME
                + " | "
                + ISSUER
                + " | signature over the digest",
            SLSA
                + " | referrer sha256:e7a045a483de | "
                + ACME
                + " | "
                + ISSUER
                + " | builder https://github.com/actions/runner/github-hosted",
            TEST_RESULT
                + " | referrer sha256:1dc845679237 | "
                + ACME
                + " | "
                + ISSUER
                + " | result PASSED",
            SPDX + " | referrer sha256:403ced6b7cb1 | " + ACME + " | " + ISSUER + " | SPDX-2.3");
  }

  @Test
  void acceptsExactSubjectInsteadOfRegex() {
    var policy =
        policyWith(
            p -> p.setSignatures(new ArrayList<>(List.of(KitPolicy.keyless(ISSUER, ACME, null)))));

    assertThat(evaluator.evaluate(policy, complete()).allowed()).isTrue();
  }

  @Test
  void unverifiedStatementOfUnknownTypeExplainsEveryMissingAttestation() {
    var tampered =
        rejected(
            "referrer sha256:4b7303dc6001",
            Kind.ATTESTATION,
            null,
            Rejection.SIGNATURE_INVALID,
            "signature invalid: the signature does not match");

    var decision =
        evaluator.evaluate(KitPolicy.policy(), List.of(signature(ACME_SIGNER), tampered));

    assertThat(decision.unmet())
        .extracting(Decision.Unmet::requirement, Decision.Unmet::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(SLSA, Reasons.SIGNATURE_INVALID),
            org.assertj.core.groups.Tuple.tuple(TEST_RESULT, Reasons.SIGNATURE_INVALID),
            org.assertj.core.groups.Tuple.tuple(SPDX, Reasons.SIGNATURE_INVALID));
  }

  @Test
  void verifiedClaimOfAnotherTypeIsNoCandidate() {
    var decision =
        evaluator.evaluate(
            KitPolicy.policy(), List.of(signature(ACME_SIGNER), slsa(GOOD_SLSA), spdx()));

    assertThat(decision.reason()).isEqualTo(Reasons.EVIDENCE_MISSING);
    assertThat(decision.message())
        .isEqualTo("missing " + TEST_RESULT + ": nothing attached to the digest provides it");
  }

  @Test
  void namesEveryUnmetRequirementAndLeadsWithTheFirst() {
    var decision =
        evaluator.evaluate(
            KitPolicy.policy(),
            List.of(
                signature(new Signer(ISSUER, EVIL, null)), slsa(GOOD_SLSA), testResult("FAILED")));

    assertThat(decision.reason()).isEqualTo(Reasons.IDENTITY_MISMATCH);
    assertThat(decision.unmet())
        .extracting(Decision.Unmet::requirement)
        .containsExactly("signature", TEST_RESULT, SPDX);
    assertThat(decision.message())
        .startsWith("missing signature: the only candidate")
        .contains("; missing " + TEST_RESULT + ": the only candidate")
        .endsWith("; missing " + SPDX + ": nothing attached to the digest provides it");
  }

  @Test
  void picksTheCandidateThatGotFurthest() {
    var evil =
        attestation(
            "referrer sha256:a56489f93bef", SLSA, GOOD_SLSA, new Signer(ISSUER, EVIL, null));
    var tampered =
        rejected(
            "referrer sha256:4b7303dc6001",
            Kind.ATTESTATION,
            null,
            Rejection.SIGNATURE_INVALID,
            "signature invalid: the signature does not match");

    var decision =
        evaluator.evaluate(
            KitPolicy.policy(),
            List.of(signature(ACME_SIGNER), tampered, evil, testResult("PASSED"), spdx()));

    assertThat(decision.reason()).isEqualTo(Reasons.IDENTITY_MISMATCH);
    assertThat(decision.message())
        .contains("none of 2 candidates qualifies (referrer sha256:a56489f93bef is signed by");
  }
}

package dev.shipproof.policy;

import static dev.shipproof.policy.PolicyEvaluatorTest.ACME_SIGNER;
import static dev.shipproof.policy.PolicyEvaluatorTest.attestation;
import static dev.shipproof.policy.PolicyEvaluatorTest.signature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.AttestationRule;
import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.Claim;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in predicate rules: SLSA v1 and v0.2, test results, SBOM age, cosign signing. */
class PredicateRulesTest {
  static final String SLSA_V02 = "https://slsa.dev/provenance/v0.2";
  static final String CYCLONEDX = "https://cyclonedx.org/bom";
  static final String GENERATOR =
      "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/"
          + "generator_container_slsa3.yml@refs/tags/v1.9.0";
  static final String GOOD_V02 =
      """
      {"builder":{"id":"%s"},
       "buildType":"https://github.com/slsa-framework/slsa-github-generator/container@v1",
       "invocation":{"configSource":{"uri":"git+https://github.com/acme/api@refs/heads/main",
         "digest":{"sha1":"0123456789abcdef0123456789abcdef01234567"},
         "entryPoint":".github/workflows/release.yml"}},
       "metadata":{"buildFinishedOn":"2026-11-02T09:00:30Z"},
       "materials":[{"uri":"git+https://github.com/acme/api@refs/heads/main"}]}\
      """
          .formatted(GENERATOR);
  static final Instant NOW = Instant.parse("2026-11-03T09:00:00Z");

  private final PolicyEvaluator evaluator =
      new PolicyEvaluator(Clock.fixed(NOW, ZoneOffset.UTC), KeyResolver.INLINE_PEM);

  static PolicySpec policy(AttestationRule rule) {
    var policy = new PolicySpec();
    policy.setSignatures(
        new ArrayList<>(List.of(KitPolicy.keyless(KitPolicy.ISSUER, null, KitPolicy.SAN_REGEXP))));
    policy.setAttestations(new ArrayList<>(List.of(rule)));
    return policy;
  }

  static AttestationRule v02Rule() {
    var rule = KitPolicy.rule(SLSA_V02);
    rule.setBuilderIdRegExp("^https://github\\.com/slsa-framework/slsa-github-generator/");
    rule.setBuildType("https://github.com/slsa-framework/slsa-github-generator/container@v1");
    rule.setSourceRepo("https://github.com/acme/api");
    rule.setSourceRef("refs/heads/main");
    return rule;
  }

  private Claim typed(String type, String predicate) {
    return attestation("referrer sha256:aaaaaaaaaaaa", type, predicate, ACME_SIGNER);
  }

  private List<Claim> signedWith(Claim attestation) {
    return List.of(signature(ACME_SIGNER), attestation);
  }

  @Test
  void slsaV02MeetsBuilderBuildTypeSourceAndRefFromConfigSource() {
    var decision = evaluator.evaluate(policy(v02Rule()), signedWith(typed(SLSA_V02, GOOD_V02)));

    assertThat(decision.allowed()).as(decision.message()).isTrue();
    assertThat(decision.satisfied().get(1).summary()).isEqualTo("builder " + GENERATOR);
  }

  @Test
  void slsaV02FromAnotherRefIsRejected() {
    var predicate = GOOD_V02.replace("api@refs/heads/main\",\n", "api@refs/heads/dev\",\n");

    var decision = evaluator.evaluate(policy(v02Rule()), signedWith(typed(SLSA_V02, predicate)));

    assertThat(decision.reason()).isEqualTo(Reasons.PREDICATE_REJECTED);
    assertThat(decision.message())
        .contains("was built from ref refs/heads/dev, not refs/heads/main");
  }

  @Test
  void slsaV02WithoutConfigSourceFallsBackToItsGitMaterial() {
    var predicate =
        """
        {"builder":{"id":"%s"},"buildType":"https://github.com/slsa-framework/slsa-github-generator/container@v1",
         "materials":[{"uri":"pkg:docker/alpine@3.19"},{"uri":"git+https://github.com/evil/api@refs/heads/main"}]}
        """
            .formatted(GENERATOR);

    var decision = evaluator.evaluate(policy(v02Rule()), signedWith(typed(SLSA_V02, predicate)));

    assertThat(decision.reason()).isEqualTo(Reasons.PREDICATE_REJECTED);
    assertThat(decision.message())
        .contains(
            "was built from repository git+https://github.com/evil/api, not"
                + " https://github.com/acme/api");
  }

  @Test
  void slsaBuildTypeMustBeEqual() {
    var rule = v02Rule();
    rule.setBuildType("https://example.com/other@v1");

    var decision = evaluator.evaluate(policy(rule), signedWith(typed(SLSA_V02, GOOD_V02)));

    assertThat(decision.reason()).isEqualTo(Reasons.PREDICATE_REJECTED);
    assertThat(decision.message()).contains("has build type https://github.com/slsa-framework/");
  }

  @Test
  void slsaV1ReadsGitLabSourcesFromResolvedDependencies() {
    var rule = KitPolicy.rule(KitPolicy.SLSA);
    rule.setSourceRepo("gitlab.com/acme/api");
    rule.setSourceRef("refs/heads/main");
    var predicate =
        """
        {"buildDefinition":{"buildType":"https://gitlab.com/gitlab-org/gitlab-runner/-/blob/v17/PROVENANCE.md",
          "externalParameters":{"entryPoint":"build"},
          "resolvedDependencies":[{"uri":"git+https://gitlab.com/acme/api@refs/heads/main"}]},
         "runDetails":{"builder":{"id":"https://gitlab.com/acme/api/-/runners/1"}}}
        """;

    var decision = evaluator.evaluate(policy(rule), signedWith(typed(KitPolicy.SLSA, predicate)));

    assertThat(decision.allowed()).as(decision.message()).isTrue();
  }

  @Test
  void builderFieldsOnANonProvenanceTypeMakeThePolicyUnusable() {
    var rule = KitPolicy.rule(KitPolicy.SPDX);
    rule.setBuildType("x");

    var decision = evaluator.evaluate(policy(rule), List.of());

    assertThat(decision.reason()).isEqualTo(Reasons.POLICY_DENIED);
    assertThat(decision.message()).contains("apply only to https://slsa.dev/provenance/v1 and");
  }

  @Test
  void testResultDefaultsToPassedOnly() {
    var rule = KitPolicy.rule(KitPolicy.TEST_RESULT);

    var passed =
        evaluator.evaluate(policy(rule), signedWith(PolicyEvaluatorTest.testResult("PASSED")));
    var warned =
        evaluator.evaluate(policy(rule), signedWith(PolicyEvaluatorTest.testResult("WARNED")));

    assertThat(passed.allowed()).isTrue();
    assertThat(warned.reason()).isEqualTo(Reasons.PREDICATE_REJECTED);
    assertThat(warned.message())
        .contains("says result WARNED, but the policy allows only [PASSED]");
  }

  @Test
  void spdxSbomYoungerThanMaxAgeIsMet() {
    var rule = KitPolicy.rule(KitPolicy.SPDX);
    rule.setMaxAge("720h");
    var sbom =
        "{\"spdxVersion\":\"SPDX-2.3\",\"creationInfo\":{\"created\":\"2026-11-02T09:00:00Z\"}}";

    var decision = evaluator.evaluate(policy(rule), signedWith(typed(KitPolicy.SPDX, sbom)));

    assertThat(decision.allowed()).as(decision.message()).isTrue();
    assertThat(decision.satisfied().get(1).summary()).isEqualTo("SPDX-2.3");
  }

  @Test
  void sbomOlderThanMaxAgeIsRejected() {
    var rule = KitPolicy.rule(CYCLONEDX);
    rule.setMaxAge("12h");
    var sbom =
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"metadata\":{\"timestamp\":\"2026-11-02T09:00:00Z\"}}";

    var decision = evaluator.evaluate(policy(rule), signedWith(typed(CYCLONEDX, sbom)));

    assertThat(decision.reason()).isEqualTo(Reasons.PREDICATE_REJECTED);
    assertThat(decision.message())
        .contains("was created at 2026-11-02T09:00:00Z, more than 12h before 2026-11-03T09:00:00Z");
  }

  @Test
  void sbomCreatedInTheFutureOrWithoutCreationTimeIsRejected() {
    var rule = KitPolicy.rule(KitPolicy.SPDX);
    rule.setMaxAge("30d");
    var future =
        "{\"spdxVersion\":\"SPDX-2.3\",\"creationInfo\":{\"created\":\"2027-01-01T00:00:00Z\"}}";
    var undated = "{\"spdxVersion\":\"SPDX-2.3\"}";

    assertThat(
            evaluator.evaluate(policy(rule), signedWith(typed(KitPolicy.SPDX, future))).message())
        .contains("in the future");
    assertThat(
            evaluator.evaluate(policy(rule), signedWith(typed(KitPolicy.SPDX, undated))).message())
        .contains("has no creation time (/creationInfo/created)");
  }

  @Test
  void maxAgeMustBeADurationAndApplyToADatedType() {
    var bad = KitPolicy.rule(KitPolicy.SPDX);
    bad.setMaxAge("a month");
    var undatable = KitPolicy.rule(KitPolicy.TEST_RESULT);
    undatable.setMaxAge("1h");

    assertThat(evaluator.evaluate(policy(bad), List.of()).message())
        .contains("maxAge \"a month\" is not a duration");
    assertThat(evaluator.evaluate(policy(undatable), List.of()).message())
        .contains("sets maxAge, which applies only to SPDX and CycloneDX SBOMs and SLSA");
  }

  @Test
  void readsAgesInHoursDaysCombinationsAndIso() {
    assertThat(PredicateRule.age("720h")).hasHours(720);
    assertThat(PredicateRule.age("30d")).hasDays(30);
    assertThat(PredicateRule.age("1h30m")).hasMinutes(90);
    assertThat(PredicateRule.age("P7D")).hasDays(7);
    assertThat(PredicateRule.age("0h")).isNull();
    assertThat(PredicateRule.age("1h 30m")).isNull();
    assertThat(PredicateRule.age("-1h")).isNull();
  }

  @Test
  void cosignSigningAttestationSatisfiesTheSignatureRequirement() {
    var policy = policy(KitPolicy.rule(KitPolicy.SPDX));
    var sign = typed(PolicyEvaluator.COSIGN_SIGN, "{}");

    var decision = evaluator.evaluate(policy, List.of(sign, PolicyEvaluatorTest.spdx()));

    assertThat(decision.allowed()).as(decision.message()).isTrue();
    var record = decision.evidenceRecords().get(0);
    assertThat(record.getRequirement()).isEqualTo(PolicyEvaluator.SIGNATURE);
    assertThat(record.getKind()).isEqualTo("cosign-sign-attestation");
    assertThat(record.getPredicateType()).isEqualTo(PolicyEvaluator.COSIGN_SIGN);
  }

  @Test
  void cosignSigningAttestationByAnotherIdentityIsAnIdentityMismatch() {
    var evil = new Claim.Signer(KitPolicy.ISSUER, PolicyEvaluatorTest.EVIL, null);
    var sign = attestation("referrer sha256:bbbbbbbbbbbb", PolicyEvaluator.COSIGN_SIGN, "{}", evil);

    var decision =
        evaluator.evaluate(
            policy(KitPolicy.rule(KitPolicy.SPDX)), List.of(sign, PolicyEvaluatorTest.spdx()));

    assertThat(decision.reason()).isEqualTo(Reasons.IDENTITY_MISMATCH);
    assertThat(decision.message())
        .contains("missing signature: the only candidate (referrer sha256:bbbbbbbbbbbb)");
  }

  @Test
  void theSignedPredicateTypeDecidesNotTheAnnotation() {
    // The verifier takes the type from the signed statement; an SPDX statement whose registry
    // annotation claimed SLSA is an SPDX claim and never meets a provenance requirement.
    var policy = policy(KitPolicy.rule(KitPolicy.SLSA));

    var decision =
        evaluator.evaluate(policy, List.of(signature(ACME_SIGNER), PolicyEvaluatorTest.spdx()));

    assertThat(decision.reason()).isEqualTo(Reasons.EVIDENCE_MISSING);
    assertThat(decision.unmet().get(0).requirement()).isEqualTo(KitPolicy.SLSA);
  }
}

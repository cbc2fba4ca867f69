package dev.shipproof.policy;

import static dev.shipproof.policy.PolicyEvaluatorTest.ACME_SIGNER;
import static dev.shipproof.policy.PolicyEvaluatorTest.signature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.AttestationRule;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Origin;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CEL conditions over a verified predicate and its statement. */
class CelConditionsTest {
  private final PolicyEvaluator evaluator = new PolicyEvaluator();

  static AttestationRule slsaWith(String... conditions) {
    var rule = KitPolicy.rule(KitPolicy.SLSA);
    rule.setConditions(new ArrayList<>(List.of(conditions)));
    return rule;
  }

  private List<Claim> slsa(String predicate) {
    return List.of(signature(ACME_SIGNER), PolicyEvaluatorTest.slsa(predicate));
  }

  @Test
  void metWhenEveryConditionIsTrue() {
    var rule =
        slsaWith(
            "predicate.runDetails.builder.id.startsWith('https://github.com/actions/runner')",
            "predicate.buildDefinition.externalParameters.workflow.ref == 'refs/heads/main'",
            "statement.predicateType == 'https://slsa.dev/provenance/v1'");

    var decision =
        evaluator.evaluate(PredicateRulesTest.policy(rule), slsa(PolicyEvaluatorTest.GOOD_SLSA));

    assertThat(decision.allowed()).as(decision.message()).isTrue();
  }

  @Test
  void aFalseConditionIsAPredicateRejectionNamingTheExpression() {
    var rule =
        slsaWith(
            "predicate.buildDefinition.externalParameters.workflow.ref == 'refs/heads/release'");

    var decision =
        evaluator.evaluate(PredicateRulesTest.policy(rule), slsa(PolicyEvaluatorTest.GOOD_SLSA));

    assertThat(decision.reason()).isEqualTo(Reasons.PREDICATE_REJECTED);
    assertThat(decision.message())
        .contains(
            "condition \"predicate.buildDefinition.externalParameters.workflow.ref =="
                + " 'refs/heads/release'\" is false");
  }

  @Test
  void aMissingFieldIsNotMetRatherThanAnError() {
    var rule = slsaWith("predicate.runDetails.metadata.invocationId != ''");

    var decision =
        evaluator.evaluate(PredicateRulesTest.policy(rule), slsa(PolicyEvaluatorTest.GOOD_SLSA));

    assertThat(decision.reason()).isEqualTo(Reasons.PREDICATE_REJECTED);
    assertThat(decision.message())
        .contains("condition \"predicate.runDetails.metadata.invocationId != ''\" failed");
  }

  @Test
  void aConditionThatDoesNotCompileMakesTheEnvironmentInvalid() {
    var rule = slsaWith("predicate.runDetails.builder.id ==");

    var decision =
        evaluator.evaluate(PredicateRulesTest.policy(rule), slsa(PolicyEvaluatorTest.GOOD_SLSA));

    assertThat(decision.reason()).isEqualTo(Reasons.INVALID_ENVIRONMENT);
    assertThat(decision.message())
        .contains("attestations[0].conditions[0]")
        .contains("does not compile");
  }

  @Test
  void aConditionThatIsNotBooleanDoesNotCompile() {
    var rule = slsaWith("'a string'");

    var decision =
        evaluator.evaluate(PredicateRulesTest.policy(rule), slsa(PolicyEvaluatorTest.GOOD_SLSA));

    assertThat(decision.reason()).isEqualTo(Reasons.INVALID_ENVIRONMENT);
  }

  @Test
  void aConditionThatRunsTooLongIsStoppedAndNotMet() {
    // 50 x 50 x 50 iterations of several steps each: far over the budget, stopped early.
    var rule =
        slsaWith(
            "range.all(a, range.all(b, range.all(c, a + b + c >= 0)))"
                .replace("range", "[" + "0,".repeat(49) + "0]"));

    long start = System.nanoTime();
    var decision =
        evaluator.evaluate(PredicateRulesTest.policy(rule), slsa(PolicyEvaluatorTest.GOOD_SLSA));
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(decision.reason()).isEqualTo(Reasons.PREDICATE_REJECTED);
    assertThat(decision.message())
        .contains("ran over its budget of " + CelConditions.MAX_STEPS + " steps");
    assertThat(millis).isLessThan(10_000);
  }

  @Test
  void conditionsSeeTheWholeSignedStatementWhenKnown() {
    var statement =
        "{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":\"https://slsa.dev/provenance/v1\","
            + "\"subject\":[{\"name\":\"localhost:5000/acme/api\",\"digest\":{\"sha256\":\"fef2\"}}],"
            + "\"predicate\":{}}";
    var claim =
        PolicyEvaluatorTest.slsa(PolicyEvaluatorTest.GOOD_SLSA)
            .withOrigin(new Origin(null, null, null, statement));
    var rule = slsaWith("statement.subject.exists(s, s.name == 'localhost:5000/acme/api')");

    var decision =
        evaluator.evaluate(PredicateRulesTest.policy(rule), List.of(signature(ACME_SIGNER), claim));

    assertThat(decision.allowed()).as(decision.message()).isTrue();
  }

  @Test
  void compilesEachPolicyOnce() {
    var rule = slsaWith("true");
    var first = evaluator.compile(PredicateRulesTest.policy(rule));
    var second = evaluator.compile(PredicateRulesTest.policy(slsaWith("true")));

    assertThat(second).isSameAs(first);
    assertThat(evaluator.compile(PredicateRulesTest.policy(slsaWith("false")))).isNotSameAs(first);
  }

  @Test
  void documentedExamplesBehaveAsDocumented() {
    var rule = KitPolicy.rule(KitPolicy.SPDX);
    rule.setConditions(
        new ArrayList<>(
            List.of(
                "!predicate.packages.exists(p, has(p.licenseConcluded)"
                    + " && p.licenseConcluded.contains('AGPL'))",
                "predicate.packages.size() == 2 && predicate.score >= 2 && predicate.score < 2.5",
                "has(predicate.creationInfo) && !has(predicate.creationInfo.comment)",
                "statement.predicateType == 'https://spdx.dev/Document'")));
    var clean =
        "{\"spdxVersion\":\"SPDX-2.3\",\"score\":2.25,\"creationInfo\":{},\"packages\":["
            + "{\"name\":\"a\",\"licenseConcluded\":\"MIT\"},{\"name\":\"b\"}]}";
    var agpl = clean.replace("MIT", "AGPL-3.0-only");
    var policy = PredicateRulesTest.policy(rule);

    var allowed =
        evaluator.evaluate(
            policy,
            List.of(
                signature(ACME_SIGNER),
                PolicyEvaluatorTest.attestation(
                    "referrer sha256:403ced6b7cb1", KitPolicy.SPDX, clean, ACME_SIGNER)));
    var denied =
        evaluator.evaluate(
            policy,
            List.of(
                signature(ACME_SIGNER),
                PolicyEvaluatorTest.attestation(
                    "referrer sha256:403ced6b7cb1", KitPolicy.SPDX, agpl, ACME_SIGNER)));

    assertThat(allowed.allowed()).as(allowed.message()).isTrue();
    assertThat(denied.reason()).isEqualTo(Reasons.PREDICATE_REJECTED);
    assertThat(denied.message()).contains("contains('AGPL'))\" is false");
  }
}

package dev.shipproof.policy;

import dev.shipproof.api.v1alpha1.AttestationRule;
import dev.shipproof.api.v1alpha1.KeylessSigner;
import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.api.v1alpha1.SignerSpec;
import java.util.ArrayList;
import java.util.List;

/** The policy of the evidence fixture kit (fixtures/evidence/policy.yaml), built in code. */
public final class KitPolicy {
  public static final String ISSUER = "https://token.actions.githubusercontent.com";
  public static final String SAN_REGEXP = "^https://github.com/acme/api/.+@refs/heads/main$";
  public static final String SLSA = "https://slsa.dev/provenance/v1";
  public static final String TEST_RESULT = "https://in-toto.io/attestation/test-result/v0.1";
  public static final String SPDX = "https://spdx.dev/Document";

  private KitPolicy() {}

  /** signatures: keyless GitHub Actions acme/api@main; SLSA v1, test-result PASSED, SPDX. */
  public static PolicySpec policy() {
    var policy = new PolicySpec();
    policy.setSignatures(new ArrayList<>(List.of(keyless(ISSUER, null, SAN_REGEXP))));
    var attestations = new ArrayList<AttestationRule>();
    var slsa = rule(SLSA);
    slsa.setBuilderIdRegExp("^https://github.com/actions/runner");
    slsa.setSourceRepo("github.com/acme/api");
    slsa.setSourceRef("refs/heads/main");
    attestations.add(slsa);
    var tests = rule(TEST_RESULT);
    tests.setAllowedResults(new ArrayList<>(List.of("PASSED")));
    attestations.add(tests);
    attestations.add(rule(SPDX));
    policy.setAttestations(attestations);
    return policy;
  }

  public static SignerSpec keyless(String issuer, String subject, String subjectRegExp) {
    var keyless = new KeylessSigner();
    keyless.setIssuer(issuer);
    keyless.setSubject(subject);
    keyless.setSubjectRegExp(subjectRegExp);
    var spec = new SignerSpec();
    spec.setKeyless(keyless);
    return spec;
  }

  public static AttestationRule rule(String predicateType) {
    var rule = new AttestationRule();
    rule.setPredicateType(predicateType);
    return rule;
  }
}

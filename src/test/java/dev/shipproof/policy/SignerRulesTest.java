package dev.shipproof.policy;

import static dev.shipproof.policy.KitPolicy.ISSUER;
import static dev.shipproof.policy.PolicyEvaluatorTest.ACME;
import static dev.shipproof.policy.PolicyEvaluatorTest.signature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.GitHubClaims;
import dev.shipproof.api.v1alpha1.KeySigner;
import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.SecretKeyRef;
import dev.shipproof.api.v1alpha1.SignerSpec;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Signer;
import dev.shipproof.model.PublicKeyPem;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may sign: keyless identities (exact or by expression, GitHub claims) and keys. */
class SignerRulesTest {
  static final String GITLAB_ISSUER = "https://gitlab.com";
  static final String GITLAB_SAN = "https://gitlab.com/acme/api//.gitlab-ci.yml@refs/heads/main";

  private final PolicyEvaluator evaluator = new PolicyEvaluator();

  static PolicySpec signaturesOnly(SignerSpec... signers) {
    var policy = new PolicySpec();
    policy.setSignatures(new ArrayList<>(List.of(signers)));
    return policy;
  }

  static Signer githubSigner(Map<String, String> extensions) {
    return new Signer(ISSUER, ACME, null, extensions);
  }

  static final Map<String, String> LEGACY_CLAIMS =
      Map.of(
          SignerMatcher.OID_WORKFLOW_REPOSITORY, "acme/api",
          SignerMatcher.OID_WORKFLOW_REF, "refs/heads/main",
          SignerMatcher.OID_WORKFLOW_TRIGGER, "push",
          SignerMatcher.OID_WORKFLOW_SHA, "0123456789abcdef0123456789abcdef01234567",
          SignerMatcher.OID_WORKFLOW_NAME, "release");

  static SignerSpec withGithub(SignerSpec spec, GitHubClaims claims) {
    spec.getKeyless().setGithub(claims);
    return spec;
  }

  static GitHubClaims claims(String repository, String ref, String trigger) {
    var claims = new GitHubClaims();
    claims.setWorkflowRepository(repository);
    claims.setWorkflowRef(ref);
    claims.setWorkflowTrigger(trigger);
    return claims;
  }

  @Test
  void issuerRegExpMustMatchTheWholeIssuer() {
    var spec = KitPolicy.keyless(null, ACME, null);
    spec.getKeyless().setIssuerRegExp("https://token\\.actions\\.githubusercontent\\.com");
    var policy = signaturesOnly(spec);

    assertThat(
            evaluator
                .evaluate(policy, List.of(signature(new Signer(ISSUER, ACME, null))))
                .allowed())
        .isTrue();
    var longer = new Signer(ISSUER + ".evil.example", ACME, null);
    var denied = evaluator.evaluate(policy, List.of(signature(longer)));
    assertThat(denied.reason()).isEqualTo(Reasons.IDENTITY_MISMATCH);
    assertThat(denied.message()).contains("issuer " + ISSUER + ".evil.example");
  }

  @Test
  void refusesASignerWithBothIssuerAndIssuerRegExp() {
    var spec = KitPolicy.keyless(ISSUER, ACME, null);
    spec.getKeyless().setIssuerRegExp(".*");

    var decision =
        evaluator.evaluate(signaturesOnly(spec), List.of(signature(githubSigner(Map.of()))));

    assertThat(decision.reason()).isEqualTo(Reasons.POLICY_DENIED);
    assertThat(decision.message())
        .contains("signatures[0] must give exactly one of issuer or issuerRegExp");
  }

  @Test
  void subjectRegExpIsAnchoredOnBothEnds() {
    var policy = signaturesOnly(KitPolicy.keyless(ISSUER, null, "https://github.com/acme/api/.*"));
    var prefixed = new Signer(ISSUER, "https://evil.example/https://github.com/acme/api/x", null);

    assertThat(evaluator.evaluate(policy, List.of(signature(prefixed))).reason())
        .isEqualTo(Reasons.IDENTITY_MISMATCH);
  }

  @Test
  void acceptsAnyOfTheListedSigners() {
    var policy =
        signaturesOnly(
            KitPolicy.keyless(
                ISSUER, "https://github.com/other/x/.github/workflows/a.yml@refs/heads/main", null),
            KitPolicy.keyless(GITLAB_ISSUER, GITLAB_SAN, null));

    var decision =
        evaluator.evaluate(policy, List.of(signature(new Signer(GITLAB_ISSUER, GITLAB_SAN, null))));

    assertThat(decision.allowed()).as(decision.message()).isTrue();
    assertThat(decision.evidenceRecords().get(0).getIssuer()).isEqualTo(GITLAB_ISSUER);
  }

  @Test
  void githubClaimsFromLegacyExtensionsMustMatch() {
    var policy =
        signaturesOnly(
            withGithub(
                KitPolicy.keyless(ISSUER, ACME, null),
                claims("acme/api", "refs/heads/main", "push")));

    assertThat(
            evaluator.evaluate(policy, List.of(signature(githubSigner(LEGACY_CLAIMS)))).allowed())
        .isTrue();

    var pullRequest = new java.util.HashMap<>(LEGACY_CLAIMS);
    pullRequest.put(SignerMatcher.OID_WORKFLOW_TRIGGER, "pull_request");
    var denied = evaluator.evaluate(policy, List.of(signature(githubSigner(pullRequest))));
    assertThat(denied.reason()).isEqualTo(Reasons.IDENTITY_MISMATCH);
    assertThat(denied.message())
        .contains(
            "certificate claim github.workflowTrigger is pull_request, signatures[0] wants push");
  }

  @Test
  void githubClaimsFallBackToFulciosGenericExtensions() {
    var v2 =
        Map.of(
            SignerMatcher.OID_SOURCE_REPOSITORY_URI, "https://github.com/acme/api",
            SignerMatcher.OID_SOURCE_REPOSITORY_REF, "refs/heads/main",
            SignerMatcher.OID_BUILD_TRIGGER, "push",
            SignerMatcher.OID_SOURCE_REPOSITORY_DIGEST, "0123456789abcdef0123456789abcdef01234567");
    var wanted = claims("acme/api", "refs/heads/main", "push");
    wanted.setWorkflowSha("0123456789abcdef0123456789abcdef01234567");
    var policy = signaturesOnly(withGithub(KitPolicy.keyless(ISSUER, ACME, null), wanted));

    var decision = evaluator.evaluate(policy, List.of(signature(githubSigner(v2))));

    assertThat(decision.allowed()).as(decision.message()).isTrue();
  }

  @Test
  void aMissingGithubClaimIsAMismatch() {
    var wanted = new GitHubClaims();
    wanted.setWorkflowName("release");
    var policy = signaturesOnly(withGithub(KitPolicy.keyless(ISSUER, ACME, null), wanted));

    var decision = evaluator.evaluate(policy, List.of(signature(githubSigner(Map.of()))));

    assertThat(decision.reason()).isEqualTo(Reasons.IDENTITY_MISMATCH);
    assertThat(decision.message()).contains("github.workflowName is absent");
  }

  @Test
  void acceptsAKeySignerByTheKeyIdOnTheClaim() throws Exception {
    var generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    var key = generator.generateKeyPair().getPublic();
    var pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    var keySigner = new KeySigner();
    keySigner.setPem(pem);
    var spec = new SignerSpec();
    spec.setKey(keySigner);
    var policy = signaturesOnly(spec);
    var id = PublicKeyPem.keyId(key.getEncoded());

    var decision = evaluator.evaluate(policy, List.of(signature(new Signer(null, null, id))));

    assertThat(decision.allowed()).as(decision.message()).isTrue();
    assertThat(decision.evidenceRecords().get(0).getKeyId()).isEqualTo(id);
    var other = evaluator.evaluate(policy, List.of(signature(new Signer(null, null, "sha256:00"))));
    assertThat(other.reason()).isEqualTo(Reasons.IDENTITY_MISMATCH);
    var keyless = evaluator.evaluate(policy, List.of(signature(githubSigner(Map.of()))));
    assertThat(keyless.reason()).isEqualTo(Reasons.IDENTITY_MISMATCH);
  }

  @Test
  void aSecretKeyIsMatchedThroughTheCallersResolverOnly() {
    var ref = new SecretKeyRef();
    var keySigner = new KeySigner();
    keySigner.setSecretRef(ref);
    var spec = new SignerSpec();
    spec.setKey(keySigner);
    var claim = signature(new Signer(null, null, "sha256:abc"));

    var pure = evaluator.evaluate(signaturesOnly(spec), List.of(claim));
    assertThat(pure.reason()).isEqualTo(Reasons.IDENTITY_MISMATCH);
    assertThat(pure.message()).contains("names a key this evaluator cannot read");

    var resolving = new PolicyEvaluator(Clock.systemUTC(), key -> "sha256:abc");
    assertThat(resolving.evaluate(signaturesOnly(spec), List.of(claim)).allowed()).isTrue();
  }

  @Test
  void refusesAnInlineKeyThatIsNotAPublicKey() {
    var keySigner = new KeySigner();
    keySigner.setPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    var spec = new SignerSpec();
    spec.setKey(keySigner);

    var decision = evaluator.evaluate(signaturesOnly(spec), List.<Claim>of());

    assertThat(decision.reason()).isEqualTo(Reasons.POLICY_DENIED);
    assertThat(decision.message()).contains("signatures[0].key.pem is not a PEM public key");
  }

  @Test
  void anAttestationRulesOwnSignersReplaceThePolicySigners() {
    var policy = KitPolicy.policy();
    policy.getAttestations().removeIf(r -> !r.getPredicateType().equals(KitPolicy.TEST_RESULT));
    policy
        .getAttestations()
        .get(0)
        .setSigners(new ArrayList<>(List.of(KitPolicy.keyless(GITLAB_ISSUER, GITLAB_SAN, null))));
    var gitlab = new Signer(GITLAB_ISSUER, GITLAB_SAN, null);
    var byGitlab =
        PolicyEvaluatorTest.attestation(
            "referrer sha256:1dc845679237",
            KitPolicy.TEST_RESULT,
            "{\"result\":\"PASSED\"}",
            gitlab);
    var acmeSignature = signature(PolicyEvaluatorTest.ACME_SIGNER);

    assertThat(evaluator.evaluate(policy, List.of(acmeSignature, byGitlab)).allowed()).isTrue();

    var denied =
        evaluator.evaluate(
            policy, List.of(acmeSignature, PolicyEvaluatorTest.testResult("PASSED")));
    assertThat(denied.reason()).isEqualTo(Reasons.IDENTITY_MISMATCH);
    assertThat(denied.unmet().get(0).requirement()).isEqualTo(KitPolicy.TEST_RESULT);
  }
}

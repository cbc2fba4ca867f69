package dev.shipproof.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.api.v1alpha1.AttestationRule;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.KeySigner;
import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.api.v1alpha1.SignerSpec;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.testing.EvidenceFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyKeysTest {
  static final String COSIGN_KEY_ID =
      "8e8c39d4b228313dedd588e4c6293cb75e3ce6cd09c2e074dbb0790f6119e2fe";

  @TempDir Path tmp;

  @Test
  void collectsKeysOfSignaturesAndAttestationSignersOnce() throws Exception {
    var policy = policy(pem(cosignPub()));
    var rule = new AttestationRule();
    rule.setPredicateType("https://slsa.dev/provenance/v1");
    rule.setSigners(new ArrayList<>(List.of(signer(pem(cosignPub())))));
    policy.setAttestations(new ArrayList<>(List.of(rule)));

    var keys = PolicyKeys.of(policy);

    assertThat(keys).hasSize(1);
    assertThat(keys.get(0).id()).isEqualTo(COSIGN_KEY_ID);
  }

  @Test
  void readsKeyFilesRelativeToThePolicyFileIntoACopy() throws Exception {
    Files.createDirectories(tmp.resolve("keys"));
    Files.writeString(tmp.resolve("keys/cosign.pub"), cosignPub());
    var file = new KeySigner();
    file.setFile("keys/cosign.pub");
    var policy = policy(file);

    var resolved = PolicyKeys.withFilesRead(policy, tmp);

    assertThat(PolicyKeys.of(resolved)).extracting(k -> k.id()).containsExactly(COSIGN_KEY_ID);
    assertThat(file.getPem()).as("the caller's policy is untouched").isNull();
  }

  @Test
  void namesTheKeyFileThatCannotBeRead() {
    var file = new KeySigner();
    file.setFile("missing.pub");

    assertThatThrownBy(() -> PolicyKeys.withFilesRead(policy(file), tmp))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot read key file " + tmp.resolve("missing.pub"));
  }

  @Test
  void refusesAnEnvironmentWhoseKeyIsNotAPublicKeyAsInvalid() {
    var env =
        environment(policy(pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")));

    assertThat(EnvironmentCheck.problem(env))
        .startsWith("spec.policy.signatures[0].key is not a usable public key: ");
  }

  @Test
  void refusesAKeySignerWithNoSourceAsInvalid() {
    var env = environment(policy(new KeySigner()));

    assertThat(EnvironmentCheck.problem(env))
        .isEqualTo(
            "spec.policy.signatures[0].key names no key: set secretRef (or, in a CLI policy, file"
                + " or pem)");
  }

  @Test
  void acceptsAnEnvironmentWithAUsableKey() throws Exception {
    assertThat(EnvironmentCheck.problem(environment(policy(pem(cosignPub()))))).isNull();
  }

  private static String cosignPub() throws IOException {
    return Files.readString(EvidenceFixtures.resource("/fixtures/evidence/trust/cosign.pub"));
  }

  private static KeySigner pem(String text) {
    var key = new KeySigner();
    key.setPem(text);
    return key;
  }

  private static SignerSpec signer(KeySigner key) {
    var signer = new SignerSpec();
    signer.setKey(key);
    return signer;
  }

  private static PolicySpec policy(KeySigner key) {
    var policy = new PolicySpec();
    policy.setSignatures(new ArrayList<>(List.of(signer(key))));
    return policy;
  }

  private static EnvironmentSpec environment(PolicySpec policy) {
    var git = new GitSpec();
    git.setUrl("file:///tmp/repo.git");
    git.setBranch("main");
    var target = new TargetSpec();
    target.setPath("overlays/prod");
    target.setImage("registry.test/acme/api");
    var env = new EnvironmentSpec();
    env.setGit(git);
    env.setTargets(new ArrayList<>(List.of(target)));
    env.setPolicy(policy);
    return env;
  }
}

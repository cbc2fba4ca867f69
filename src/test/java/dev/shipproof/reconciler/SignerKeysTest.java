package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.KeySigner;
import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.SecretKeyRef;
import dev.shipproof.api.v1alpha1.SignerSpec;
import dev.shipproof.promote.PromotionOutage;
import dev.shipproof.testing.EvidenceFixtures;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class SignerKeysTest {
  static final String NS = "payments";

  KubernetesClient client;

  @Test
  void readsTheKeyFromTheSecretIntoACopyOfTheEnvironment() throws Exception {
    var pem = cosignPub();
    secret("cosign", Map.of("cosign.pub", pem));
    var env = environment(secretRef("cosign", null));

    var resolved = SignerKeys.resolve(client, env);

    assertThat(key(resolved).getPem()).isEqualTo(pem);
    assertThat(key(env).getPem()).as("the cached original is untouched").isNull();
    assertThat(resolved.getMetadata().getName()).isEqualTo("production");
  }

  @Test
  void readsTheKeyNamedInTheSecretRef() throws Exception {
    secret("keys", Map.of("release.pub", cosignPub()));

    var resolved = SignerKeys.resolve(client, environment(secretRef("keys", "release.pub")));

    assertThat(key(resolved).getPem()).contains("BEGIN PUBLIC KEY");
  }

  @Test
  void waitsForASecretThatDoesNotExistYet() {
    var env = environment(secretRef("later", null));

    assertThatThrownBy(() -> SignerKeys.resolve(client, env))
        .isInstanceOfSatisfying(
            PromotionOutage.class,
            e -> assertThat(e.reason()).isEqualTo(Reasons.SIGNER_KEY_UNAVAILABLE))
        .hasMessage("Secret payments/later does not exist (yet); will retry");
  }

  @Test
  void waitsForAKeyTheSecretDoesNotHoldYet() throws Exception {
    secret("cosign", Map.of("other.pub", cosignPub()));
    var env = environment(secretRef("cosign", null));

    assertThatThrownBy(() -> SignerKeys.resolve(client, env))
        .isInstanceOfSatisfying(
            PromotionOutage.class,
            e -> assertThat(e.reason()).isEqualTo(Reasons.SIGNER_KEY_UNAVAILABLE))
        .hasMessageContaining("key cosign.pub does not exist");
  }

  @Test
  void leavesAnEnvironmentWithoutSecretRefsAlone() throws Exception {
    var key = new KeySigner();
    key.setPem(cosignPub());
    var env = environment(key);

    assertThat(SignerKeys.resolve(client, env)).isSameAs(env);
  }

  @Test
  void fallsBackToTheShippedPublicGoodRoot() throws Exception {
    var env = environment(secretRef("x", null));

    var root = new TrustRoots(Optional.empty()).forEnvironment(client, env);

    var shipped =
        dev.shipproof.evidence.TrustRoot.parse(
            Files.readAllBytes(
                EvidenceFixtures.resource(
                    "/fixtures/evidence/conformance/trusted_root.public-good.json")));
    assertThat(root).isEqualTo(shipped);
  }

  private void secret(String name, Map<String, String> data) {
    var encoded = new java.util.HashMap<String, String>();
    data.forEach(
        (k, v) ->
            encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    client
        .resource(
            new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build())
                .withData(encoded)
                .build())
        .create();
  }

  private static String cosignPub() throws Exception {
    return Files.readString(EvidenceFixtures.resource("/fixtures/evidence/trust/cosign.pub"));
  }

  private static KeySigner secretRef(String name, String key) {
    var ref = new SecretKeyRef();
    ref.setName(name);
    if (key != null) {
      ref.setKey(key);
    }
    var signer = new KeySigner();
    signer.setSecretRef(ref);
    return signer;
  }

  private static Environment environment(KeySigner key) {
    var signer = new SignerSpec();
    signer.setKey(key);
    var policy = new PolicySpec();
    policy.setSignatures(new ArrayList<>(List.of(signer)));
    var spec = new EnvironmentSpec();
    spec.setPolicy(policy);
    var env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName("production").withNamespace(NS).build());
    env.setSpec(spec);
    return env;
  }

  private static KeySigner key(Environment env) {
    return env.getSpec().getPolicy().getSignatures().get(0).getKey();
  }
}

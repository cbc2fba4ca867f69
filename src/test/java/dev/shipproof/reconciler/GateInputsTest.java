package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.RegistryCopySpec;
import dev.shipproof.api.v1alpha1.RegistrySpec;
import dev.shipproof.promote.PromotionOutage;
import dev.shipproof.promote.CopyCredentials;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Registry credentials for a copy: one Secret per end, read from the Promotion's namespace. */
@EnableKubernetesMockClient(crud = true)
class GateInputsTest {
  static final String NS = "payments";
  static final String SOURCE = "{\"auths\":{\"src.example\":{\"auth\":\"dTpw\"}}}";
  static final String DESTINATION = "{\"auths\":{\"dst.example\":{\"auth\":\"dTpx\"}}}";

  KubernetesClient client;

  @Test
  void readsEachEndsDockerConfigFromItsOwnSecret() throws Exception {
    secret("pull", SOURCE);
    secret("push", DESTINATION);

    CopyCredentials credentials = GateInputs.credentials(client, NS, copying("pull", "push"));

    assertThat(credentials.source()).isEqualTo(SOURCE);
    assertThat(credentials.destination()).isEqualTo(DESTINATION);
    assertThat(credentials.toString()).doesNotContain("dTp");
  }

  @Test
  void anEnvironmentWithoutACopyNeedsNoSecrets() throws Exception {
    assertThat(GateInputs.credentials(client, NS, new EnvironmentSpec()))
        .isEqualTo(CopyCredentials.NONE);
  }

  @Test
  void aMissingSecretIsWaitedForAsRegistryUnauthorized() {
    assertThatThrownBy(() -> GateInputs.credentials(client, NS, copying(null, "absent")))
        .isInstanceOfSatisfying(
            PromotionOutage.class,
            e -> {
              assertThat(e.reason()).isEqualTo("RegistryUnauthorized");
              assertThat(e.getMessage()).contains("Secret payments/absent");
            });
  }

  private void secret(String name, String dockerConfig) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .addToData(
                    ".dockerconfigjson",
                    Base64.getEncoder()
                        .encodeToString(dockerConfig.getBytes(StandardCharsets.UTF_8)))
                .build())
        .create();
  }

  private static EnvironmentSpec copying(String sourceSecret, String destinationSecret) {
    RegistryCopySpec copy = new RegistryCopySpec();
    copy.setRepository("dst.example/prod/api");
    copy.setCredentialsSecret(destinationSecret);
    RegistrySpec registry = new RegistrySpec();
    registry.setCredentialsSecret(sourceSecret);
    registry.setCopyTo(copy);
    EnvironmentSpec env = new EnvironmentSpec();
    env.setRegistry(registry);
    return env;
  }
}

package dev.shipproof.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/** The rss bench's mock API answers the packaged operator's server-side-apply status writes. */
class ApplyingCrudDispatcherTest {

  @Test
  void theStockMockRefusesAServerSideApplyOfStatus() throws Exception {
    KubernetesMockServer api = server(new KubernetesCrudDispatcher());
    try (KubernetesClient client = api.createClient()) {
      client.resource(promotion()).create();

      assertThatThrownBy(() -> applyStatus(client, Phase.Succeeded))
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(415));
    } finally {
      api.destroy();
    }
  }

  @Test
  void aServerSideApplyOfStatusIsStoredAndReadBack() throws Exception {
    KubernetesMockServer api = server(new ApplyingCrudDispatcher());
    try (KubernetesClient client = api.createClient()) {
      client.resource(promotion()).create();

      applyStatus(client, Phase.Verifying);
      applyStatus(client, Phase.Succeeded);

      Promotion stored =
          client
              .resources(Promotion.class)
              .inNamespace(ReconcilerThroughput.NAMESPACE)
              .withName("p")
              .get();
      assertThat(stored.getStatus().getPhase()).isEqualTo(Phase.Succeeded);
      assertThat(stored.getSpec().getEnvironment()).isEqualTo("production");
    } finally {
      api.destroy();
    }
  }

  private static KubernetesMockServer server(KubernetesCrudDispatcher dispatcher) {
    KubernetesMockServer api =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    api.init(InetAddress.getLoopbackAddress(), 0);
    return api;
  }

  private static Promotion promotion() {
    return ReconcilerThroughput.promotion(
        "p", "production", ReconcilerThroughput.IMAGE + "@sha256:" + "1".repeat(64));
  }

  /** As the operator SDK writes status when server-side apply is on. */
  private static void applyStatus(KubernetesClient client, Phase phase) {
    Promotion p = promotion();
    PromotionStatus status = new PromotionStatus();
    status.setPhase(phase);
    p.setStatus(status);
    client
        .resource(p)
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager("promotion")
                .withForce(true)
                .build());
  }
}

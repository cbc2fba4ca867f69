package dev.shipproof.reconciler;

import static dev.shipproof.reconciler.ConditionConventionTest.DIGEST;
import static dev.shipproof.reconciler.ConditionConventionTest.GENERATION;
import static dev.shipproof.reconciler.ConditionConventionTest.assertFollowsConvention;
import static dev.shipproof.reconciler.ConditionConventionTest.condition;
import static dev.shipproof.reconciler.ConditionConventionTest.kstatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.ConditionTypes;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.testing.FakeContext;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Errored status the reconciler writes for an outage follows the condition convention. */
@EnableKubernetesMockClient(crud = true)
class ErroredConditionConventionTest {
  KubernetesClient client;
  @TempDir Path tmp;

  @Test
  void erroredPromotionIsInProgressWhileItRetries() throws Exception {
    Promotion promotion = new Promotion();
    promotion.setMetadata(
        new ObjectMetaBuilder().withName("early").withNamespace("payments").build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment("nowhere");
    spec.setImage("registry.example.com/api@" + DIGEST);
    promotion.setSpec(spec);
    promotion = client.resource(promotion).create();
    promotion.getMetadata().setGeneration(GENERATION);
    var context = new FakeContext<>(client, promotion, FakeContext.attempt(1, false));
    PromotionReconciler reconciler = reconciler();
    Exception outage = null;
    try {
      reconciler.reconcile(promotion, context);
    } catch (Exception e) {
      outage = e;
    }

    PromotionStatus status =
        reconciler
            .updateErrorStatus(promotion, context, outage)
            .getResource()
            .orElseThrow()
            .getStatus();

    assertFollowsConvention(status);
    assertThat(status.getPhase()).isEqualTo(Phase.Errored);
    assertThat(kstatus(status)).isEqualTo("InProgress");
    assertThat(condition(status, ConditionTypes.READY).getReason())
        .isEqualTo(Reasons.ENVIRONMENT_NOT_FOUND);
  }

  private PromotionReconciler reconciler() {
    Promoter promoter =
        new Promoter(
            RegistryRouting.from(Map.of(), List.of()),
            new SigstoreEvidenceVerifier(),
            new JgitWorkspace(tmp.resolve("clones"), ConditionConventionTest.CLOCK));
    return new PromotionReconciler(
        promoter,
        new TrustRoots(Optional.empty()),
        new EventRecorder(ConditionConventionTest.CLOCK),
        ConditionConventionTest.CLOCK,
        Progress.NONE);
  }
}

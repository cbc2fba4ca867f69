package dev.shipproof.reconciler;

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
import dev.shipproof.promote.PromotionMetrics;
import dev.shipproof.promote.PromotionOutage;
import dev.shipproof.testing.FakeContext;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error path's bounds: an unexpected error that repeats ends the promotion, an outage never
 * does. The errors are handed to the error path as the operator SDK would after a failed attempt.
 */
@EnableKubernetesMockClient(crud = true)
class RetryBoundsReconcilerTest {
  static final String NS = "team";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

  KubernetesClient client;
  @TempDir Path tmp;
  PromotionReconciler reconciler;

  @BeforeEach
  void setUp() {
    Promoter promoter =
        new Promoter(
            RegistryRouting.from(Map.of(), List.of()),
            new SigstoreEvidenceVerifier(),
            new JgitWorkspace(tmp.resolve("clones"), CLOCK));
    EventRecorder events = new EventRecorder(CLOCK);
    reconciler =
        new PromotionReconciler(
            promoter,
            new TrustRoots(Optional.empty()),
            events,
            CLOCK,
            Progress.NONE,
            PromotionMetrics.NONE,
            new SyncWatcher(events, CLOCK, PromotionMetrics.NONE, SyncWatcher.DEFAULT_POLL),
            new Scheduling(Duration.ofSeconds(2), 5, new ShutdownDrain()));
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName("rel").withNamespace(NS).build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment("prod");
    spec.setImage("localhost:5000/acme/api@sha256:" + "1".repeat(64));
    p.setSpec(spec);
    client.resource(p).create();
  }

  @Test
  void sameUnexpectedErrorFiveTimesInARowEndsTheRetries() {
    IllegalStateException bug = bug("index 3 out of bounds");

    for (int attempt = 1; attempt <= 4; attempt++) {
      ErrorStatusUpdateControl<Promotion> control = fail(bug);
      assertThat(control.isNoRetry()).as("attempt %d retried", attempt).isFalse();
      assertThat(status().getPhase()).isEqualTo(Phase.Errored);
    }
    ErrorStatusUpdateControl<Promotion> last = fail(bug);

    assertThat(last.isNoRetry()).isTrue();
    PromotionStatus status = status();
    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    assertThat(condition(status, ConditionTypes.READY).getReason())
        .isEqualTo(Reasons.INTERNAL_ERROR);
    assertThat(condition(status, ConditionTypes.STALLED).getStatus()).isEqualTo("True");
    assertThat(status.getMessage())
        .contains("5 attempts in a row")
        .contains("index 3 out of bounds")
        .doesNotContain("\tat ");
    assertThat(warnings()).containsExactly(Reasons.INTERNAL_ERROR, Reasons.INTERNAL_ERROR);
  }

  @Test
  void anOutageBetweenUnexpectedErrorsStartsTheCountOver() {
    IllegalStateException bug = bug("flaky");
    for (int i = 0; i < 4; i++) {
      fail(bug);
    }
    fail(new PromotionOutage(Reasons.REGISTRY_UNAVAILABLE, "registry answered 503"));
    for (int i = 0; i < 4; i++) {
      assertThat(fail(bug).isNoRetry()).isFalse();
    }

    assertThat(status().getPhase()).isEqualTo(Phase.Errored);
  }

  @Test
  void differentUnexpectedErrorsDoNotAddUp() {
    for (int i = 0; i < 10; i++) {
      assertThat(fail(bug("error number " + i)).isNoRetry()).isFalse();
    }

    assertThat(status().getPhase()).isEqualTo(Phase.Errored);
  }

  @Test
  void outagesAreRetriedForeverWithACappedInterval() {
    for (int i = 0; i < 50; i++) {
      assertThat(fail(new PromotionOutage(Reasons.GIT_UNAVAILABLE, "git down")).isNoRetry())
          .isFalse();
      assertThat(fail(new KubernetesClientException("API down")).isNoRetry()).isFalse();
    }

    PromotionStatus status = status();
    assertThat(status.getPhase()).isEqualTo(Phase.Errored);
    assertThat(condition(status, ConditionTypes.STALLED).getStatus()).isEqualTo("False");
    var retry =
        PromotionReconciler.class.getAnnotation(
            io.javaoperatorsdk.operator.processing.retry.GradualRetry.class);
    assertThat(retry.maxAttempts()).isEqualTo(Integer.MAX_VALUE);
    assertThat(retry.maxInterval()).isEqualTo(300_000);
  }

  @Test
  void outagesWrappedByTheOperatorSdkStayOutages() {
    // The SDK hands checked exceptions to the error path wrapped in an OperatorException.
    var wrapped =
        new io.javaoperatorsdk.operator.OperatorException(
            new PromotionOutage(Reasons.ENVIRONMENT_NOT_FOUND, "Environment team/prod is missing"));
    for (int i = 0; i < 10; i++) {
      assertThat(fail(wrapped).isNoRetry()).isFalse();
    }

    PromotionStatus status = status();
    assertThat(status.getPhase()).isEqualTo(Phase.Errored);
    assertThat(condition(status, ConditionTypes.READY).getReason())
        .isEqualTo(Reasons.ENVIRONMENT_NOT_FOUND);
  }

  private static IllegalStateException bug(String message) {
    // One place of throw, as a bug that fails every attempt the same way would have.
    return new IllegalStateException(message);
  }

  private ErrorStatusUpdateControl<Promotion> fail(Exception error) {
    Promotion p = client.resources(Promotion.class).inNamespace(NS).withName("rel").get();
    var ctx = new FakeContext<>(client, p, FakeContext.attempt(1, false));
    ErrorStatusUpdateControl<Promotion> control = reconciler.updateErrorStatus(p, ctx, error);
    control.getResource().ifPresent(updated -> client.resource(updated).updateStatus());
    return control;
  }

  private PromotionStatus status() {
    return client.resources(Promotion.class).inNamespace(NS).withName("rel").get().getStatus();
  }

  private List<String> warnings() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()))
        .map(Event::getReason)
        .toList();
  }

  private static Condition condition(PromotionStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }
}

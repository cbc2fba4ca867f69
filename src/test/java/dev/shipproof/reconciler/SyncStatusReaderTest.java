package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.reconciler.SyncObservation.State;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The status shapes Argo CD and Flux write (as in their API types and docs, fields abridged), read
 * for one pushed commit.
 */
class SyncStatusReaderTest {
  static final String OURS = "3f1c0a9be2d4c5b6a7980f1e2d3c4b5a69788776";
  static final String OLDER = "aa11bb22cc33dd44ee55ff6600112233445566ff";
  static final String DIGEST =
      "sha256:fef24f66563c240cf8f0646ba3df73bb12487c11a115e90f701ef4f5f3e93362";

  @Nested
  class ArgoCdApplication {
    @Test
    void syncedAndHealthyAtThePushedCommitIsSynced() {
      SyncObservation seen = read(SyncKind.APPLICATION, application("Synced", OURS, "Healthy"));

      assertThat(seen.state()).isEqualTo(State.SYNCED);
      assertThat(seen.reason()).isEqualTo("Synced");
      assertThat(seen.message()).contains("3f1c0a9be2d4").contains("Healthy");
    }

    @Test
    void syncedToAnOlderCommitIsStillWaitingAndSaysWhichRevisionItHas() {
      SyncObservation seen = read(SyncKind.APPLICATION, application("Synced", OLDER, "Healthy"));

      assertThat(seen.state()).isEqualTo(State.WAITING);
      assertThat(seen.reason()).isEqualTo("WaitingForSync");
      assertThat(seen.reportedRevision()).isEqualTo(OLDER);
      assertThat(seen.message()).contains("aa11bb22cc33");
    }

    @Test
    void pushedCommitWhoseWorkloadsAreStillRollingOutIsProgressing() {
      SyncObservation seen = read(SyncKind.APPLICATION, application("Synced", OURS, "Progressing"));

      assertThat(seen.state()).isEqualTo(State.PROGRESSING);
      assertThat(seen.message()).contains("health Progressing");
    }

    @Test
    void outOfSyncAgainstThePushedCommitIsProgressing() {
      // Manual sync policy: Argo CD compared against the commit but nobody synced yet.
      SyncObservation seen = read(SyncKind.APPLICATION, application("OutOfSync", OURS, "Healthy"));

      assertThat(seen.state()).isEqualTo(State.PROGRESSING);
      assertThat(seen.message()).contains("sync OutOfSync");
    }

    @Test
    void degradedAfterSyncingThePushedCommitFails() {
      GenericKubernetesResource app = application("Synced", OURS, "Degraded");
      status(app).put("health", java.util.Map.of("status", "Degraded", "message", "crash loop"));

      SyncObservation seen = read(SyncKind.APPLICATION, app);

      assertThat(seen.state()).isEqualTo(State.FAILED);
      assertThat(seen.reason()).isEqualTo("Degraded");
      assertThat(seen.message()).contains("crash loop");
    }

    @Test
    void failedSyncOperationOfThePushedCommitFailsWithArgoCdsMessage() {
      GenericKubernetesResource app =
          yaml(
              """
              apiVersion: argoproj.io/v1alpha1
              kind: Application
              metadata: {name: api-production, namespace: argocd, generation: 7}
              status:
                sync:
                  status: OutOfSync
                  revision: %1$s
                health: {status: Healthy}
                operationState:
                  operation:
                    sync: {revision: %1$s}
                    initiatedBy: {automated: true}
                  phase: Failed
                  message: "one or more objects failed to apply, reason: admission webhook denied"
                  startedAt: "2026-12-04T12:00:05Z"
                  finishedAt: "2026-12-04T12:00:09Z"
                  syncResult:
                    revision: %1$s
                    source: {repoURL: "https://git.example.com/deploy.git", path: apps/api}
              """
                  .formatted(OURS));

      SyncObservation seen = read(SyncKind.APPLICATION, app);

      assertThat(seen.state()).isEqualTo(State.FAILED);
      assertThat(seen.reason()).isEqualTo("SyncFailed");
      assertThat(seen.message()).contains("admission webhook denied").contains("Failed");
    }

    @Test
    void runningSyncOperationOfThePushedCommitIsProgressing() {
      GenericKubernetesResource app = application("OutOfSync", OLDER, "Healthy");
      status(app)
          .put(
              "operationState",
              java.util.Map.of(
                  "phase", "Running", "syncResult", java.util.Map.of("revision", OURS)));

      assertThat(read(SyncKind.APPLICATION, app).state()).isEqualTo(State.PROGRESSING);
    }

    @Test
    void multiSourceApplicationMatchesAnyOfItsRevisions() {
      GenericKubernetesResource app =
          yaml(
              """
              apiVersion: argoproj.io/v1alpha1
              kind: Application
              metadata: {name: api-production, namespace: argocd}
              status:
                sync:
                  status: Synced
                  revisions: ["6.5.1", "%s"]
                health: {status: Healthy}
              """
                  .formatted(OURS));

      assertThat(read(SyncKind.APPLICATION, app).state()).isEqualTo(State.SYNCED);
    }

    @Test
    void applicationWithoutStatusIsWaiting() {
      GenericKubernetesResource app =
          yaml(
              """
              apiVersion: argoproj.io/v1alpha1
              kind: Application
              metadata: {name: api-production, namespace: argocd}
              spec: {project: default}
              """);

      SyncObservation seen = read(SyncKind.APPLICATION, app);

      assertThat(seen.state()).isEqualTo(State.WAITING);
      assertThat(seen.message()).contains("no status yet");
    }
  }

  @Nested
  class FluxKustomization {
    @Test
    void appliedRevisionInFlux2FormatAndReadyIsSynced() {
      SyncObservation seen =
          read(
              SyncKind.KUSTOMIZATION,
              kustomization("main@sha1:" + OURS, "True", "ReconciliationSucceeded", 3, 3));

      assertThat(seen.state()).isEqualTo(State.SYNCED);
      assertThat(seen.message()).contains("Applied revision");
    }

    @Test
    void oldFluxRevisionFormatBranchSlashShaIsUnderstood() {
      SyncObservation seen =
          read(
              SyncKind.KUSTOMIZATION,
              kustomization("main/" + OURS, "True", "ReconciliationSucceeded", 3, 3));

      assertThat(seen.state()).isEqualTo(State.SYNCED);
    }

    @Test
    void readyForAnOlderGenerationIsNotYetSynced() {
      SyncObservation seen =
          read(
              SyncKind.KUSTOMIZATION,
              kustomization("main@sha1:" + OURS, "True", "ReconciliationSucceeded", 4, 3));

      assertThat(seen.state()).isEqualTo(State.PROGRESSING);
    }

    @Test
    void anotherRevisionAppliedIsWaiting() {
      SyncObservation seen =
          read(
              SyncKind.KUSTOMIZATION,
              kustomization("main@sha1:" + OLDER, "True", "ReconciliationSucceeded", 3, 3));

      assertThat(seen.state()).isEqualTo(State.WAITING);
      assertThat(seen.reportedRevision()).isEqualTo("main@sha1:" + OLDER);
    }

    @Test
    void healthCheckFailureOnThePushedRevisionFailsWithFluxsMessage() {
      GenericKubernetesResource ks =
          yaml(
              """
              apiVersion: kustomize.toolkit.fluxcd.io/v1
              kind: Kustomization
              metadata: {name: api, namespace: flux-system, generation: 3}
              status:
                observedGeneration: 3
                lastAppliedRevision: main@sha1:%s
                lastAttemptedRevision: main@sha1:%s
                conditions:
                  - type: Ready
                    status: "False"
                    reason: HealthCheckFailed
                    message: "health check failed after 5m0s: timeout waiting for: [Deployment/payments/api status: 'InProgress']"
                    observedGeneration: 3
                    lastTransitionTime: "2026-12-04T12:06:00Z"
              """
                  .formatted(OLDER, OURS));

      SyncObservation seen = read(SyncKind.KUSTOMIZATION, ks);

      assertThat(seen.state()).isEqualTo(State.FAILED);
      assertThat(seen.reason()).isEqualTo("SyncFailed");
      assertThat(seen.message())
          .contains("HealthCheckFailed")
          .contains("Deployment/payments/api status: 'InProgress'");
    }

    @Test
    void readyFalseForAnOlderAttemptIsNotThisCommitsFailure() {
      GenericKubernetesResource ks =
          kustomization("main@sha1:" + OLDER, "False", "ReconciliationFailed", 3, 3);

      assertThat(read(SyncKind.KUSTOMIZATION, ks).state()).isEqualTo(State.WAITING);
    }

    @Test
    void dependencyNotReadyIsStillProgressing() {
      GenericKubernetesResource ks =
          yaml(
              """
              apiVersion: kustomize.toolkit.fluxcd.io/v1
              kind: Kustomization
              metadata: {name: api, namespace: flux-system, generation: 3}
              status:
                observedGeneration: 3
                lastAttemptedRevision: main@sha1:%s
                conditions:
                  - {type: Ready, status: "False", reason: DependencyNotReady, message: "dependency 'flux-system/infra' is not ready", observedGeneration: 3}
              """
                  .formatted(OURS));

      assertThat(read(SyncKind.KUSTOMIZATION, ks).state()).isEqualTo(State.PROGRESSING);
    }

    @Test
    void reconcilingWithReadyUnknownIsProgressing() {
      GenericKubernetesResource ks =
          kustomization("main@sha1:" + OURS, "Unknown", "Progressing", 3, 3);

      SyncObservation seen = read(SyncKind.KUSTOMIZATION, ks);

      assertThat(seen.state()).isEqualTo(State.PROGRESSING);
      assertThat(seen.message()).contains("Ready=Unknown (Progressing)");
    }
  }

  @Nested
  class FluxHelmRelease {
    @Test
    void chartBuiltFromThePushedCommitAndReadyIsSynced() {
      SyncObservation seen =
          read(
              SyncKind.HELM_RELEASE,
              helmRelease("1.2.3+" + OURS.substring(0, 12), "True", "UpgradeSucceeded", ""));

      assertThat(seen.state()).isEqualTo(State.SYNCED);
      assertThat(seen.message()).contains("Helm upgrade succeeded");
    }

    @Test
    void valuesHoldingThePromotedDigestAndReadyForTheCurrentGenerationIsSynced() {
      SyncObservation seen =
          read(SyncKind.HELM_RELEASE, helmRelease("1.2.3", "True", "UpgradeSucceeded", DIGEST));

      assertThat(seen.state()).isEqualTo(State.SYNCED);
    }

    @Test
    void neitherCommitNorDigestIsWaiting() {
      SyncObservation seen =
          read(SyncKind.HELM_RELEASE, helmRelease("1.2.3", "True", "UpgradeSucceeded", ""));

      assertThat(seen.state()).isEqualTo(State.WAITING);
      assertThat(seen.message()).contains("chart 1.2.3");
    }

    @Test
    void failedUpgradeOfThePushedValuesFails() {
      SyncObservation seen =
          read(SyncKind.HELM_RELEASE, helmRelease("1.2.3", "False", "UpgradeFailed", DIGEST));

      assertThat(seen.state()).isEqualTo(State.FAILED);
      assertThat(seen.reason()).isEqualTo("SyncFailed");
      assertThat(seen.message()).contains("UpgradeFailed");
    }
  }

  @Test
  void revisionFormatsNameTheirCommit() {
    assertThat(GitRevisions.names(OURS, OURS)).isTrue();
    assertThat(GitRevisions.names(OURS.toUpperCase(java.util.Locale.ROOT), OURS)).isTrue();
    assertThat(GitRevisions.names("main@sha1:" + OURS, OURS)).isTrue();
    assertThat(GitRevisions.names("refs/heads/main@sha1:" + OURS, OURS)).isTrue();
    assertThat(GitRevisions.names("main/" + OURS, OURS)).isTrue();
    assertThat(GitRevisions.names(OURS.substring(0, 12), OURS)).isFalse();
    assertThat(GitRevisions.names("main@sha1:" + OLDER, OURS)).isFalse();
    assertThat(GitRevisions.names("v1.2.3", OURS)).isFalse();
    assertThat(GitRevisions.chartVersionNames("1.2.3+" + OURS.substring(0, 12), OURS)).isTrue();
    assertThat(GitRevisions.chartVersionNames("1.2.3+" + OLDER.substring(0, 12), OURS)).isFalse();
    assertThat(GitRevisions.chartVersionNames("1.2.3", OURS)).isFalse();
  }

  // --- the shapes ------------------------------------------------------------------------------

  private static SyncObservation read(SyncKind kind, GenericKubernetesResource object) {
    return SyncStatusReader.read(kind, object, OURS, DIGEST);
  }

  static GenericKubernetesResource application(String sync, String revision, String health) {
    return yaml(
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: api-production, namespace: argocd, generation: 7}
        spec:
          project: default
          source: {repoURL: "https://git.example.com/deploy.git", path: apps/api/overlays/production, targetRevision: main}
          destination: {server: "https://kubernetes.default.svc", namespace: payments}
        status:
          sync:
            status: %1$s
            revision: %2$s
            comparedTo:
              source: {repoURL: "https://git.example.com/deploy.git", path: apps/api/overlays/production, targetRevision: main}
              destination: {server: "https://kubernetes.default.svc", namespace: payments}
          health: {status: %3$s}
          operationState:
            operation: {sync: {revision: %2$s}, initiatedBy: {automated: true}}
            phase: Succeeded
            message: successfully synced (all tasks run)
            syncResult:
              revision: %2$s
              source: {repoURL: "https://git.example.com/deploy.git", path: apps/api/overlays/production}
          reconciledAt: "2026-12-04T12:00:10Z"
          sourceType: Kustomize
        """
            .formatted(sync, revision, health));
  }

  static GenericKubernetesResource kustomization(
      String revision, String ready, String reason, long generation, long observed) {
    return yaml(
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: api, namespace: flux-system, generation: %5$d}
        spec: {interval: 5m, path: ./apps/api/overlays/production, prune: true, wait: true, sourceRef: {kind: GitRepository, name: deploy}}
        status:
          observedGeneration: %6$d
          lastAppliedRevision: %1$s
          lastAttemptedRevision: %1$s
          conditions:
            - type: Ready
              status: "%2$s"
              reason: %3$s
              message: "Applied revision: %1$s"
              observedGeneration: %6$d
              lastTransitionTime: "2026-12-04T12:01:00Z"
          inventory:
            entries:
              - {id: payments_api_apps_Deployment, v: v1}
        """
            .formatted(revision, ready, reason, 0, generation, observed));
  }

  static GenericKubernetesResource helmRelease(
      String chartVersion, String ready, String reason, String digestInValues) {
    String message =
        "True".equals(ready)
            ? "Helm upgrade succeeded for release payments/api.v4 with chart api@" + chartVersion
            : "Helm upgrade failed for release payments/api with chart api@"
                + chartVersion
                + ": context deadline exceeded";
    return yaml(
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: api, namespace: payments, generation: 2}
        spec:
          interval: 10m
          chart: {spec: {chart: ./charts/api, sourceRef: {kind: GitRepository, name: deploy, namespace: flux-system}, reconcileStrategy: Revision}}
          values:
            image: {repository: localhost:5000/acme/api, digest: "%4$s"}
        status:
          observedGeneration: 2
          lastAttemptedGeneration: 2
          lastAttemptedReleaseAction: upgrade
          lastAttemptedRevision: %1$s
          lastAttemptedConfigDigest: sha256:1111111111111111111111111111111111111111111111111111111111111111
          history:
            - {chartName: api, chartVersion: %1$s, name: api, namespace: payments, status: deployed, version: 4}
          conditions:
            - {type: Ready, status: "%2$s", reason: %3$s, message: "%5$s", observedGeneration: 2}
            - {type: Released, status: "%2$s", reason: %3$s, message: "%5$s", observedGeneration: 2}
        """
            .formatted(chartVersion, ready, reason, digestInValues, message));
  }

  static GenericKubernetesResource yaml(String text) {
    return Serialization.unmarshal(text, GenericKubernetesResource.class);
  }

  @SuppressWarnings("unchecked")
  static java.util.Map<String, Object> status(GenericKubernetesResource object) {
    return (java.util.Map<String, Object>) object.getAdditionalProperties().get("status");
  }
}

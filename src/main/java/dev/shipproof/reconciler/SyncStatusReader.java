package dev.shipproof.reconciler;

import dev.shipproof.api.v1alpha1.Reasons;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads what an Argo CD Application, a Flux Kustomization or a Flux HelmRelease says about one
 * pushed commit, from the status fields their controllers write (docs/sync.md lists them). Pure: no
 * I/O, so every status shape is a unit test.
 */
final class SyncStatusReader {
  /** Flux Ready=False reasons that resolve on their own: the commit is still on its way. */
  private static final Set<String> FLUX_TRANSIENT = Set.of("DependencyNotReady", "Progressing");

  private SyncStatusReader() {}

  /**
   * @param kind which controller wrote {@code object}
   * @param object the object as read from the API
   * @param commit the commit the promotion pushed (full SHA-1)
   * @param digest the promoted digest; a HelmRelease whose values hold it counts as carrying the
   *     commit
   */
  static SyncObservation read(
      SyncKind kind, GenericKubernetesResource object, String commit, String digest) {
    Map<String, Object> status = map(object.getAdditionalProperties().get("status"));
    if (status == null) {
      return SyncObservation.waiting(
          kind.kind + " " + name(object) + " has no status yet (is its controller running?)", null);
    }
    return switch (kind) {
      case APPLICATION -> application(object, status, commit);
      case KUSTOMIZATION -> kustomization(object, status, commit);
      case HELM_RELEASE -> helmRelease(object, status, commit, digest);
    };
  }

  // Argo CD: status.sync {status, revision, revisions[]}, status.health {status, message},
  // status.operationState {phase, message, syncResult {revision, revisions[]}}.
  private static SyncObservation application(
      GenericKubernetesResource app, Map<String, Object> status, String commit) {
    String where = "Application " + name(app);
    String syncStatus = string(status, "sync", "status");
    List<String> compared = revisions(status, "sync");
    String health = string(status, "health", "status");
    String healthMessage = string(status, "health", "message");
    String opPhase = string(status, "operationState", "phase");
    String opMessage = string(status, "operationState", "message");
    List<String> operated = revisions(status, "operationState", "syncResult");
    boolean comparedOurs = compared.stream().anyMatch(r -> GitRevisions.names(r, commit));
    boolean operatedOurs = operated.stream().anyMatch(r -> GitRevisions.names(r, commit));
    String reported = compared.isEmpty() ? null : compared.get(0);

    if (operatedOurs && ("Failed".equals(opPhase) || "Error".equals(opPhase))) {
      return SyncObservation.failed(
          Reasons.SYNC_FAILED,
          where + " sync of " + shortSha(commit) + " " + opPhase + ": " + nz(opMessage),
          reported);
    }
    if (comparedOurs && "Synced".equals(syncStatus)) {
      if ("Healthy".equals(health)) {
        return SyncObservation.synced(
            where + " is Synced to " + shortSha(commit) + " and Healthy", reported);
      }
      if ("Degraded".equals(health)) {
        return SyncObservation.failed(
            Reasons.DEGRADED,
            where + " synced " + shortSha(commit) + " but is Degraded" + colon(healthMessage),
            reported);
      }
      return SyncObservation.progressing(
          where + " is Synced to " + shortSha(commit) + ", health " + nz(health, "Unknown"),
          reported);
    }
    if (comparedOurs || (operatedOurs && "Running".equals(opPhase))) {
      return SyncObservation.progressing(
          where
              + " has fetched "
              + shortSha(commit)
              + ": sync "
              + nz(syncStatus, "Unknown")
              + (opPhase == null ? "" : ", operation " + opPhase)
              + ", health "
              + nz(health, "Unknown"),
          reported);
    }
    return SyncObservation.waiting(
        where
            + " reports revision "
            + (reported == null ? "none" : shortSha(reported))
            + ", not "
            + shortSha(commit)
            + " yet",
        reported);
  }

  // Flux kustomize-controller: status.lastAppliedRevision, status.lastAttemptedRevision,
  // status.observedGeneration, conditions Ready (and Stalled, Reconciling).
  private static SyncObservation kustomization(
      GenericKubernetesResource ks, Map<String, Object> status, String commit) {
    String where = "Kustomization " + name(ks);
    String applied = string(status, "lastAppliedRevision");
    String attempted = string(status, "lastAttemptedRevision");
    boolean appliedOurs = GitRevisions.names(applied, commit);
    boolean attemptedOurs = GitRevisions.names(attempted, commit);
    Map<String, Object> ready = condition(status, "Ready");
    Map<String, Object> stalled = condition(status, "Stalled");
    boolean current = current(ks, status, ready);

    SyncObservation failure = fluxFailure(where, commit, attemptedOurs, ready, stalled, applied);
    if (failure != null) {
      return failure;
    }
    if (appliedOurs && current && "True".equals(string(ready, "status"))) {
      return SyncObservation.synced(
          where
              + " applied "
              + shortSha(commit)
              + " and is Ready"
              + colon(string(ready, "message")),
          applied);
    }
    if (appliedOurs || attemptedOurs) {
      return SyncObservation.progressing(
          where + " is applying " + shortSha(commit) + readyText(ready), applied);
    }
    return SyncObservation.waiting(
        where
            + " last applied "
            + (applied == null ? "nothing" : applied)
            + ", not "
            + shortSha(commit)
            + " yet",
        applied);
  }

  // Flux helm-controller v2: conditions Ready/Released, status.observedGeneration,
  // lastAttemptedGeneration, lastAttemptedRevision (chart version), history[0] {chartVersion,
  // status}; v2beta1 also lastAppliedRevision. The commit reaches a HelmRelease either as a chart
  // built from the git source (version 1.2.3+<sha prefix>) or as values in the HelmRelease itself
  // (its spec then holds the digest).
  private static SyncObservation helmRelease(
      GenericKubernetesResource hr, Map<String, Object> status, String commit, String digest) {
    String where = "HelmRelease " + name(hr);
    List<String> versions = new ArrayList<>();
    versions.add(string(status, "lastAttemptedRevision"));
    versions.add(string(status, "lastAppliedRevision"));
    versions.add(string(firstHistory(status), "chartVersion"));
    boolean chartOurs =
        versions.stream()
            .anyMatch(
                v -> GitRevisions.chartVersionNames(v, commit) || GitRevisions.names(v, commit));
    Object spec = hr.getAdditionalProperties().get("spec");
    boolean valuesOurs =
        digest != null && spec != null && Serialization.asJson(spec).contains(digest);
    Map<String, Object> ready = condition(status, "Ready");
    Map<String, Object> stalled = condition(status, "Stalled");
    boolean current = current(hr, status, ready);
    Long attemptedGeneration = number(status, "lastAttemptedGeneration");
    boolean attemptedCurrent =
        attemptedGeneration == null || Objects.equals(attemptedGeneration, generation(hr));
    String reported = versions.stream().filter(Objects::nonNull).findFirst().orElse(null);

    if (!chartOurs && !valuesOurs) {
      return SyncObservation.waiting(
          where
              + " references neither commit "
              + shortSha(commit)
              + " (chart "
              + nz(reported, "unknown")
              + ") nor the digest in its values yet",
          null);
    }
    boolean ours = chartOurs || (valuesOurs && attemptedCurrent && current);
    SyncObservation failure = fluxFailure(where, commit, ours, ready, stalled, null);
    if (failure != null) {
      return failure;
    }
    if (ours && current && "True".equals(string(ready, "status"))) {
      return SyncObservation.synced(
          where
              + " released "
              + shortSha(commit)
              + " and is Ready"
              + colon(string(ready, "message")),
          null);
    }
    return SyncObservation.progressing(
        where + " is releasing " + shortSha(commit) + readyText(ready), null);
  }

  /** A Flux failure of the attempt at our commit, or {@code null}. */
  private static SyncObservation fluxFailure(
      String where,
      String commit,
      boolean attemptedOurs,
      Map<String, Object> ready,
      Map<String, Object> stalled,
      String reported) {
    if (!attemptedOurs) {
      return null;
    }
    if ("True".equals(string(stalled, "status"))) {
      return SyncObservation.failed(
          Reasons.SYNC_FAILED,
          where
              + " stalled on "
              + shortSha(commit)
              + " ("
              + nz(string(stalled, "reason"))
              + ")"
              + colon(string(stalled, "message")),
          reported);
    }
    String readyReason = string(ready, "reason");
    if ("False".equals(string(ready, "status")) && !FLUX_TRANSIENT.contains(readyReason)) {
      return SyncObservation.failed(
          Reasons.SYNC_FAILED,
          where
              + " failed on "
              + shortSha(commit)
              + ": Ready=False ("
              + nz(readyReason)
              + ")"
              + colon(string(ready, "message")),
          reported);
    }
    return null;
  }

  /** Whether the controller has looked at the object's current spec. */
  private static boolean current(
      GenericKubernetesResource object, Map<String, Object> status, Map<String, Object> ready) {
    Long generation = generation(object);
    if (generation == null) {
      return true;
    }
    Long observed = number(status, "observedGeneration");
    Long readyObserved = number(ready, "observedGeneration");
    return (observed == null || observed >= generation)
        && (readyObserved == null || readyObserved >= generation);
  }

  private static String readyText(Map<String, Object> ready) {
    if (ready == null) {
      return "; not Ready yet";
    }
    return "; Ready="
        + nz(string(ready, "status"), "Unknown")
        + " ("
        + nz(string(ready, "reason"))
        + ")"
        + colon(string(ready, "message"));
  }

  private static List<String> revisions(Map<String, Object> status, String... path) {
    List<String> out = new ArrayList<>();
    Map<String, Object> at = status;
    for (String key : path) {
      at = map(at == null ? null : at.get(key));
    }
    if (at == null) {
      return out;
    }
    if (at.get("revision") instanceof String s && !s.isBlank()) {
      out.add(s);
    }
    if (at.get("revisions") instanceof List<?> list) {
      list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(out::add);
    }
    return out;
  }

  private static Map<String, Object> condition(Map<String, Object> status, String type) {
    if (status.get("conditions") instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> c = map(o);
        if (c != null && type.equals(c.get("type"))) {
          return c;
        }
      }
    }
    return null;
  }

  private static Map<String, Object> firstHistory(Map<String, Object> status) {
    if (status.get("history") instanceof List<?> list && !list.isEmpty()) {
      return map(list.get(0));
    }
    return null;
  }

  private static Long generation(GenericKubernetesResource object) {
    return object.getMetadata() == null ? null : object.getMetadata().getGeneration();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  private static String string(Map<String, Object> root, String... path) {
    Object at = root;
    for (String key : path) {
      Map<String, Object> m = map(at);
      if (m == null) {
        return null;
      }
      at = m.get(key);
    }
    return at instanceof String s && !s.isBlank() ? s : null;
  }

  private static Long number(Map<String, Object> root, String key) {
    return root != null && root.get(key) instanceof Number n ? n.longValue() : null;
  }

  private static String name(GenericKubernetesResource object) {
    var meta = object.getMetadata();
    return meta == null ? "?" : meta.getNamespace() + "/" + meta.getName();
  }

  static String shortSha(String sha) {
    String s = GitRevisions.sha(sha);
    String value = s == null ? sha : s;
    return value.substring(0, Math.min(12, value.length()));
  }

  private static String colon(String message) {
    return message == null ? "" : ": " + message;
  }

  private static String nz(String s) {
    return nz(s, "");
  }

  private static String nz(String s, String fallback) {
    return s == null ? fallback : s;
  }
}

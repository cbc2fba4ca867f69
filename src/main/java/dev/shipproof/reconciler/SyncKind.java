package dev.shipproof.reconciler;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Locale;

/**
 * The objects a promotion can wait for, with the API version their controllers serve today. The
 * plural is fixed here so that reading them needs no API discovery, and a missing CRD reads as "not
 * found" instead of an error.
 */
enum SyncKind {
  APPLICATION("Application", "argoproj.io/v1alpha1", "applications", "Argo CD"),
  KUSTOMIZATION("Kustomization", "kustomize.toolkit.fluxcd.io/v1", "kustomizations", "Flux"),
  HELM_RELEASE("HelmRelease", "helm.toolkit.fluxcd.io/v2", "helmreleases", "Flux");

  final String kind;
  final String defaultApiVersion;
  final String plural;
  final String tool;

  SyncKind(String kind, String defaultApiVersion, String plural, String tool) {
    this.kind = kind;
    this.defaultApiVersion = defaultApiVersion;
    this.plural = plural;
    this.tool = tool;
  }

  /** The kind named in {@code spec.sync.kind}, or {@code null} when it is none of ours. */
  static SyncKind of(String kind) {
    for (SyncKind k : values()) {
      if (k.kind.equals(kind)) {
        return k;
      }
    }
    return null;
  }

  /** How to address the object; {@code apiVersion} overrides the default when set. */
  ResourceDefinitionContext context(String apiVersion) {
    String version = apiVersion == null || apiVersion.isBlank() ? defaultApiVersion : apiVersion;
    int slash = version.indexOf('/');
    return new ResourceDefinitionContext.Builder()
        .withGroup(version.substring(0, slash))
        .withVersion(version.substring(slash + 1))
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  /** The kind as a metric label value. */
  String label() {
    return kind.toLowerCase(Locale.ROOT);
  }
}

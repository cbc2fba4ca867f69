package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * The Argo CD or Flux object that deploys this environment's branch. After a promotion pushes its
 * commit, the operator reads this object until it reports that commit as applied and healthy, and
 * records the answer in the Promotion's {@code Synced} condition (see docs/sync.md).
 */
public class SyncSpec {
  /** `Application` (Argo CD), `Kustomization` or `HelmRelease` (Flux). */
  @Required
  @Pattern("^(Application|Kustomization|HelmRelease)$")
  private String kind;

  /** Name of the object. */
  @Required private String name;

  /** Namespace of the object; defaults to the Environment's namespace. */
  private String namespace;

  /**
   * API version of the object when it is not the default (`argoproj.io/v1alpha1`,
   * `kustomize.toolkit.fluxcd.io/v1`, `helm.toolkit.fluxcd.io/v2`), e.g.
   * `helm.toolkit.fluxcd.io/v2beta2` on an older Flux.
   */
  private String apiVersion;

  /** How long to wait for the pushed commit to be synced and healthy, e.g. `10m`, `1h30m`. */
  @Default("10m")
  @Pattern("^([0-9]+(ms|s|m|h))+$")
  private String timeout = "10m";

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }
}

package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** The Argo CD or Flux object that deploys this environment's branch. */
public class SyncSpec {
  /** `Application` (Argo CD), `Kustomization` or `HelmRelease` (Flux). */
  @Required private String kind;

  /** Name of the object. */
  @Required private String name;

  /** Namespace of the object; defaults to the Environment's namespace. */
  private String namespace;

  /** How long to wait for the pushed commit to be synced and healthy, e.g. `10m`. */
  @Default("10m")
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

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

}

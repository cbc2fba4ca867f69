package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the same namespace. */
public class SecretKeyRef {
  /** Name of the Secret. */
  @Required private String name;

  /** Key in the Secret's data. */
  @Default("cosign.pub")
  private String key = "cosign.pub";

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

}

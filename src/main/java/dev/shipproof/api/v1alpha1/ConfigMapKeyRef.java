package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Required;

/** A key of a ConfigMap in the same namespace. */
public class ConfigMapKeyRef {
  @Required private String name;
  private String key = "trusted_root.json";

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

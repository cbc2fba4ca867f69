package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Required;

/** Where to copy a verified digest, with its evidence, before it is pinned. */
public class RegistryCopySpec {
  /**
   * Destination repository (`host[:port]/path`). The pin names this repository, by the same
   * digest.
   */
  @Required private String repository;

  /**
   * A `kubernetes.io/dockerconfigjson` Secret with credentials for the destination registry.
   */
  private String credentialsSecret;

  /** Use plain HTTP for the destination registry. */
  private boolean insecure;

  public String getRepository() {
    return repository;
  }

  public void setRepository(String repository) {
    this.repository = repository;
  }

  public String getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(String credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public boolean isInsecure() {
    return insecure;
  }

  public void setInsecure(boolean insecure) {
    this.insecure = insecure;
  }

}

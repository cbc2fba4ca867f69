package dev.shipproof.api.v1alpha1;

/** How to reach the registry that serves the image and its evidence. */
public class RegistrySpec {
  /** Use plain HTTP instead of HTTPS for this environment's registry. */
  private boolean insecure;

  /** A {@code kubernetes.io/dockerconfigjson} Secret with credentials for the source registry. */
  private String credentialsSecret;

  /** Copy the digest and its evidence here before pinning it (build once, promote many). */
  private RegistryCopySpec copyTo;

  public boolean isInsecure() {
    return insecure;
  }

  public void setInsecure(boolean insecure) {
    this.insecure = insecure;
  }

  public String getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(String credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public RegistryCopySpec getCopyTo() {
    return copyTo;
  }

  public void setCopyTo(RegistryCopySpec copyTo) {
    this.copyTo = copyTo;
  }
}

package dev.shipproof.api.v1alpha1;

/** How to reach the registry that serves the image and its evidence. */
public class RegistrySpec {
  /** Use plain HTTP instead of HTTPS for this environment's registry. */
  private boolean insecure;

  public boolean isInsecure() {
    return insecure;
  }

  public void setInsecure(boolean insecure) {
    this.insecure = insecure;
  }
}

package dev.shipproof.api.v1alpha1;

/** One accepted signer. */
public class SignerSpec {
  private KeylessSigner keyless;

  public KeylessSigner getKeyless() {
    return keyless;
  }

  public void setKeyless(KeylessSigner keyless) {
    this.keyless = keyless;
  }
}

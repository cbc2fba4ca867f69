package dev.shipproof.api.v1alpha1;

/** One accepted signer. */
public class SignerSpec {
  private KeylessSigner keyless;

  /** A public key, for keyed signing. */
  private KeySigner key;

  public KeylessSigner getKeyless() {
    return keyless;
  }

  public void setKeyless(KeylessSigner keyless) {
    this.keyless = keyless;
  }

  public KeySigner getKey() {
    return key;
  }

  public void setKey(KeySigner key) {
    this.key = key;
  }
}

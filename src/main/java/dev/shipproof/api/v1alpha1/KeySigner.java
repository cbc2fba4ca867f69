package dev.shipproof.api.v1alpha1;

/** A signing public key (ECDSA P-256/P-384, Ed25519 or RSA, PEM). Exactly one source is set. */
public class KeySigner {
  /** A key of a Secret in the Environment's namespace (operator). */
  private SecretKeyRef secretRef;

  /** A PEM file path, relative to the policy file (CLI only). */
  private String file;

  /** The PEM text inline (CLI policy files). */
  private String pem;

  public SecretKeyRef getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretKeyRef secretRef) {
    this.secretRef = secretRef;
  }

  public String getFile() {
    return file;
  }

  public void setFile(String file) {
    this.file = file;
  }

  public String getPem() {
    return pem;
  }

  public void setPem(String pem) {
    this.pem = pem;
  }

}

package dev.shipproof.policy;

import dev.shipproof.api.v1alpha1.KeySigner;
import dev.shipproof.model.PublicKeyPem;

/**
 * Gives the key id ({@link PublicKeyPem#keyId(String)}) of a policy's {@code key} signer. The
 * policy is pure, so it reads only inline PEM itself; a caller that can read Secrets or files
 * supplies a resolver that can. A key that cannot be resolved matches no signature.
 */
@FunctionalInterface
public interface KeyResolver {

  /** Resolves inline {@code pem} only. */
  KeyResolver INLINE_PEM = key -> key.getPem() == null ? null : PublicKeyPem.keyId(key.getPem());

  /**
   * The key id of {@code key}, or {@code null} when this resolver cannot read it.
   *
   * @throws IllegalArgumentException when the key material is not a public key
   */
  String keyId(KeySigner key);
}

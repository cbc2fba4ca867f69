package dev.shipproof.policy;

import dev.shipproof.api.v1alpha1.KeySigner;
import dev.shipproof.api.v1alpha1.SignerSpec;
import dev.shipproof.model.Claim.Signer;
import dev.shipproof.model.PublicKeyPem;
import java.util.List;
import java.util.Optional;

/**
 * A keyed signer of the policy: a claim matches when the verifier says this key signed it (equal
 * key ids, the SHA-256 of the key's SubjectPublicKeyInfo). The key must be given as PEM text by
 * then: whoever evaluates reads {@code secretRef} (operator) or {@code file} (CLI) first and puts
 * the text in {@code pem}, so this stays free of I/O.
 *
 * @param keyId hex SHA-256 of the key's SubjectPublicKeyInfo
 */
record KeySignerMatch(String keyId) {

  /** Compiles one key signer, or adds a sentence to {@code problems}. */
  static Optional<KeySignerMatch> compile(SignerSpec spec, String where, List<String> problems) {
    KeySigner key = spec.getKey();
    if (spec.getKeyless() != null) {
      problems.add(where + " sets both keyless and key; give one signer per entry");
      return Optional.empty();
    }
    if (key.getPem() == null || key.getPem().isBlank()) {
      problems.add(
          where
              + ".key has no PEM text: "
              + (key.getSecretRef() != null || key.getFile() != null
                  ? "its secretRef or file was not read before evaluation"
                  : "set secretRef (operator), or file or pem (CLI)"));
      return Optional.empty();
    }
    try {
      return Optional.of(new KeySignerMatch(PublicKeyPem.keyId(key.getPem())));
    } catch (IllegalArgumentException e) {
      problems.add(where + ".key is not a PEM public key: " + e.getMessage());
      return Optional.empty();
    }
  }

  boolean matches(Signer signer) {
    return signer != null && keyId.equals(signer.keyHint());
  }
}

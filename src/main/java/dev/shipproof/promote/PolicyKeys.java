package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.AttestationRule;
import dev.shipproof.api.v1alpha1.KeySigner;
import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.api.v1alpha1.SignerSpec;
import dev.shipproof.evidence.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The public keys of a policy's key signers (in {@code signatures} and in attestation rules' {@code
 * signers}). Where a key comes from is resolved before: the operator reads {@code secretRef}
 * Secrets, the CLI reads {@code file}s ({@link #withFilesRead}); both put the PEM text in {@code
 * pem}, which is all this class and the policy look at.
 */
public final class PolicyKeys {
  private PolicyKeys() {}

  /**
   * The parsed keys, without duplicates, in policy order. Entries without usable PEM are skipped:
   * {@link #problem} reports them before a promotion starts.
   */
  public static List<SigningKey> of(PolicySpec policy) {
    var keys = new LinkedHashMap<String, SigningKey>();
    for (var signer : keySigners(policy)) {
      try {
        var key = SigningKey.fromPem(signer.getPem());
        keys.putIfAbsent(key.id(), key);
      } catch (IllegalArgumentException e) {
        // Reported by problem(); a policy with such an entry is refused before verification.
      }
    }
    return List.copyOf(keys.values());
  }

  /**
   * A sentence naming the first key signer whose PEM text is missing or not a supported public key,
   * or {@code null} when every key is usable.
   */
  public static String problem(PolicySpec policy) {
    var signers = keySignersWithPlace(policy);
    for (var entry : signers.entrySet()) {
      var pem = entry.getValue().getPem();
      if (pem == null || pem.isBlank()) {
        if (entry.getValue().getSecretRef() == null && entry.getValue().getFile() == null) {
          return entry.getKey() + " names no key: set secretRef (or, in a CLI policy, file or pem)";
        }
        continue; // not resolved here; the policy reports it
      }
      try {
        SigningKey.fromPem(pem);
      } catch (IllegalArgumentException e) {
        return entry.getKey() + " is not a usable public key: " + e.getMessage();
      }
    }
    return null;
  }

  /**
   * A copy of {@code policy} in which every key signer's {@code file} has been read into {@code
   * pem}, for CLI policy files. Paths are relative to {@code policyDir}, the policy file's folder.
   *
   * @throws IOException naming the file when one cannot be read
   */
  public static PolicySpec withFilesRead(PolicySpec policy, Path policyDir) throws IOException {
    var copy = PolicyCopies.copy(policy);
    for (var signer : keySigners(copy)) {
      if (signer.getFile() != null && (signer.getPem() == null || signer.getPem().isBlank())) {
        var file = policyDir.resolve(signer.getFile()).normalize();
        try {
          signer.setPem(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new IOException("cannot read key file " + file + ": " + e.getMessage(), e);
        }
      }
    }
    return copy;
  }

  /** Every key signer of the policy, signatures first, then each attestation rule's signers. */
  public static List<KeySigner> keySigners(PolicySpec policy) {
    return new ArrayList<>(keySignersWithPlace(policy).values());
  }

  private static LinkedHashMap<String, KeySigner> keySignersWithPlace(PolicySpec policy) {
    var found = new LinkedHashMap<String, KeySigner>();
    if (policy == null) {
      return found;
    }
    add(found, "spec.policy.signatures", policy.getSignatures());
    var rules =
        policy.getAttestations() == null ? List.<AttestationRule>of() : policy.getAttestations();
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i) != null) {
        add(found, "spec.policy.attestations[" + i + "].signers", rules.get(i).getSigners());
      }
    }
    return found;
  }

  private static void add(
      LinkedHashMap<String, KeySigner> found, String where, List<SignerSpec> signers) {
    if (signers == null) {
      return;
    }
    for (int i = 0; i < signers.size(); i++) {
      var signer = signers.get(i);
      if (signer != null && signer.getKey() != null) {
        found.put(where + "[" + i + "].key", signer.getKey());
      }
    }
  }
}

package dev.shipproof.evidence;

import dev.shipproof.model.Claim.Signer;
import java.util.Objects;

/**
 * Who must have signed a bundle given to {@link BundleVerifier}: an exact keyless identity (OIDC
 * issuer and certificate SAN), or a public key. Policies with expressions and several signers are
 * the policy package's business; this is the one-signer case of {@code verify --bundle}.
 *
 * @param issuer the OIDC issuer, for a keyless signer; else {@code null}
 * @param subject the certificate SAN (URI or e-mail), for a keyless signer; else {@code null}
 * @param key the public key, for a keyed signer; else {@code null}
 */
public record ExpectedSigner(String issuer, String subject, SigningKey key) {

  /** Checks that exactly one kind of signer is given. */
  public ExpectedSigner {
    if ((key == null) == (issuer == null || subject == null)) {
      throw new IllegalArgumentException("give either an issuer and a subject, or a public key");
    }
  }

  /** A keyless signer: exact issuer and exact SAN. */
  public static ExpectedSigner keyless(String issuer, String subject) {
    return new ExpectedSigner(issuer, subject, null);
  }

  /** A keyed signer. */
  public static ExpectedSigner key(SigningKey key) {
    return new ExpectedSigner(null, null, key);
  }

  /** Whether a verified claim's signer is this one. */
  public boolean matches(Signer signer) {
    if (signer == null) {
      return false;
    }
    return key != null
        ? key.id().equals(signer.keyHint())
        : Objects.equals(issuer, signer.issuer()) && Objects.equals(subject, signer.subject());
  }

  @Override
  public String toString() {
    return key != null ? "key " + key.shortId() : subject + " (issuer " + issuer + ")";
  }
}

package dev.shipproof.model;

import java.util.Map;

/**
 * One piece of evidence found in a registry for a digest, not yet verified.
 *
 * @param source where it was found, for humans and status: {@code referrer sha256:<12 hex>} or the
 *     cosign tag, e.g. {@code sha256-<hex>.att}
 * @param format how to read {@link #content}
 * @param mediaType media type of the layer or artifact that held it
 * @param content the bytes: a Sigstore bundle JSON, a cosign simple-signing payload, or a DSSE
 *     envelope
 * @param annotations the layer's annotations (cosign keeps signature, certificate and Rekor bundle
 *     there)
 */
public record EvidenceItem(
    String source,
    Format format,
    String mediaType,
    byte[] content,
    Map<String, String> annotations) {

  /** The shapes evidence comes in. */
  public enum Format {
    /** A Sigstore bundle ({@code application/vnd.dev.sigstore.bundle*+json}). */
    SIGSTORE_BUNDLE,
    /** A legacy cosign {@code .sig} layer: simple-signing payload plus annotations. */
    COSIGN_SIGNATURE,
    /** A legacy cosign {@code .att} layer: DSSE envelope plus annotations. */
    COSIGN_ATTESTATION
  }
}

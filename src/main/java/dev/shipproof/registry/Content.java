package dev.shipproof.registry;

/**
 * Bytes as a store served them.
 *
 * @param bytes exactly what was received
 * @param contentType the served media type, or {@code null}
 * @param claimedDigest the digest the store says these bytes have (registry {@code
 *     Docker-Content-Digest} header, layout index entry), or {@code null}; checked, never trusted
 */
record Content(byte[] bytes, String contentType, String claimedDigest) {}

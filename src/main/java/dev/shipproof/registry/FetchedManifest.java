package dev.shipproof.registry;

/**
 * A manifest fetched by digest whose bytes were hashed and found equal to the digest.
 *
 * @param digest the digest asked for ({@code algo:hex}), which the bytes hash to
 * @param mediaType the manifest's own {@code mediaType} field, or the served content type when the
 *     manifest has none
 * @param bytes the exact bytes received; callers must not modify them
 */
public record FetchedManifest(String digest, String mediaType, byte[] bytes) {}

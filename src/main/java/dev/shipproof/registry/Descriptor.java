package dev.shipproof.registry;

import java.util.Map;

/**
 * An OCI content descriptor as read from a manifest or index; every field comes from untrusted
 * JSON, so {@link #digest} is checked with {@link Digests#isValid} before use.
 */
record Descriptor(
    String mediaType,
    String digest,
    long size,
    String artifactType,
    Map<String, String> annotations) {}

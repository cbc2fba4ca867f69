package dev.shipproof.api.v1alpha1;

/**
 * Observed state of an Environment. Filled by later releases (pins per target, rejected digests).
 */
public class EnvironmentStatus {}

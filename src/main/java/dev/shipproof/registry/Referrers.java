package dev.shipproof.registry;

import java.util.List;

/**
 * One answer of a referrers API.
 *
 * @param descriptors the listed referrers, every page together
 * @param filtered whether the store applied the {@code artifactType} filter it was asked for
 *     (registry header {@code OCI-Filters-Applied: artifactType}); when not, the list may hold
 *     every referrer of the digest
 */
record Referrers(List<Descriptor> descriptors, boolean filtered) {}

package dev.shipproof.registry;

import dev.shipproof.model.EvidenceItem;
import dev.shipproof.model.ImageRef;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads images and evidence from OCI registries over HTTP(S), through oras-java's HTTP client.
 * Every manifest and blob is hashed here, against the digest that named it; oras-java 0.7.0 does
 * not do that itself.
 */
public final class OrasImageSource implements ImageSource {
  private final ImageSource delegate;

  /** One {@link RegistryAccess} for every registry host. */
  public OrasImageSource(RegistryAccess access) {
    this(host -> access);
    Objects.requireNonNull(access, "access");
  }

  /**
   * Access chosen per registry host (as written in the image reference, e.g. {@code
   * localhost:5000}); the function must not return {@code null}.
   */
  public OrasImageSource(Function<String, RegistryAccess> accessForHost) {
    this(accessForHost, EvidenceLimits.DEFAULTS);
  }

  /** Access chosen per registry host, and other bounds on the evidence read per digest. */
  public OrasImageSource(Function<String, RegistryAccess> accessForHost, EvidenceLimits limits) {
    Objects.requireNonNull(accessForHost, "accessForHost");
    this.delegate =
        new StoreImageSource(
            new OrasContentStore(
                host ->
                    Objects.requireNonNull(
                        accessForHost.apply(host), "no registry access for " + host)),
            Objects.requireNonNull(limits, "limits"));
  }

  @Override
  public FetchedManifest fetchManifest(ImageRef ref) throws RegistryException {
    return delegate.fetchManifest(ref);
  }

  @Override
  public List<EvidenceItem> collectEvidence(ImageRef ref) throws RegistryException {
    return delegate.collectEvidence(ref);
  }
}

package dev.shipproof.registry;

import dev.shipproof.model.EvidenceItem;
import dev.shipproof.model.ImageRef;
import java.nio.file.Path;
import java.util.List;

/**
 * Serves images and evidence from an OCI image layout directory, with the same hashing and checks
 * as a registry. Referrers are the {@code index.json} entries whose manifest's {@code
 * subject.digest} is the digest; cosign tags are entries annotated {@code
 * org.opencontainers.image.ref.name = <algo>-<hex>.sig/.att/.sbom}. The reference's registry and
 * repository are ignored.
 */
public final class OciLayoutImageSource implements ImageSource {
  private final Path layoutDir;
  private final ImageSource delegate;

  public OciLayoutImageSource(Path layoutDir) {
    this(layoutDir, EvidenceLimits.DEFAULTS);
  }

  /** A layout read with other bounds on the evidence read per digest. */
  public OciLayoutImageSource(Path layoutDir, EvidenceLimits limits) {
    this.layoutDir = layoutDir;
    this.delegate = new StoreImageSource(new LayoutContentStore(layoutDir), limits);
  }

  /** The layout directory served. */
  public Path layoutDir() {
    return layoutDir;
  }

  @Override
  public FetchedManifest fetchManifest(ImageRef ref) throws RegistryException {
    return delegate.fetchManifest(ref);
  }

  @Override
  public List<EvidenceItem> collectEvidence(ImageRef ref) throws RegistryException {
    return delegate.collectEvidence(ref);
  }

  @Override
  public String toString() {
    return "image layout " + layoutDir;
  }
}

package dev.shipproof.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.RegistryException.Kind;
import dev.shipproof.registry.RegistryLimitException.Limit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads an OCI image layout directory: {@code index.json} for tags and referrers, {@code
 * blobs/<algo>/<hex>} for content. The repository in the image reference is ignored: a layout holds
 * one repository.
 */
final class LayoutContentStore implements ContentStore {
  private static final Logger LOG = Logger.getLogger(LayoutContentStore.class);
  private static final String REF_NAME = "org.opencontainers.image.ref.name";

  private final Path root;

  LayoutContentStore(Path root) {
    this.root = root;
  }

  @Override
  public Optional<Content> manifest(ImageRef image, String reference, long maxBytes)
      throws RegistryException {
    if (Digests.isValid(reference)) {
      return read(reference, maxBytes, Limit.MANIFEST_BYTES)
          .map(bytes -> new Content(bytes, null, null));
    }
    for (Descriptor entry : index()) {
      if (reference.equals(entry.annotations().get(REF_NAME)) && Digests.isValid(entry.digest())) {
        Optional<byte[]> bytes = read(entry.digest(), maxBytes, Limit.MANIFEST_BYTES);
        if (bytes.isEmpty()) {
          throw new RegistryException(
              Kind.NOT_FOUND,
              "tag " + reference + " in " + describe(image) + " names a missing blob");
        }
        return Optional.of(new Content(bytes.get(), entry.mediaType(), entry.digest()));
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<Referrers> referrers(ImageRef image, String digest, String wantedType)
      throws RegistryException {
    // A layout is local: list every referrer and let the caller filter them all at once.
    List<Descriptor> referrers = new ArrayList<>();
    for (Descriptor entry : index()) {
      if (!Digests.isValid(entry.digest())
          || (entry.mediaType() != null && !OciJson.isImageManifestType(entry.mediaType()))) {
        continue;
      }
      Optional<JsonNode> manifest = referrerCandidate(entry.digest());
      if (manifest.isPresent() && digest.equals(OciJson.subjectDigest(manifest.get()))) {
        String artifactType =
            entry.artifactType() != null
                ? entry.artifactType()
                : OciJson.artifactType(manifest.get());
        referrers.add(
            new Descriptor(
                entry.mediaType(),
                entry.digest(),
                entry.size(),
                artifactType,
                entry.annotations()));
      }
    }
    return Optional.of(new Referrers(referrers, false));
  }

  /**
   * An entry's manifest, to see whose referrer it is; an entry over the size limit is no referrer
   * here, and when it is a tag the collection reports it as that tag's problem.
   */
  private Optional<JsonNode> referrerCandidate(String digest) throws RegistryException {
    try {
      return read(digest, StoreImageSource.MAX_MANIFEST_BYTES, Limit.MANIFEST_BYTES)
          .flatMap(OciJson::parse);
    } catch (RegistryException e) {
      if (e.retryable()) {
        throw e;
      }
      LOG.debugf("Not reading index entry %s as a referrer: %s", digest, e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public Optional<byte[]> blob(ImageRef image, String digest, long maxBytes)
      throws RegistryException {
    return read(digest, maxBytes, Limit.BLOB_BYTES);
  }

  @Override
  public String describe(ImageRef image) {
    return "image layout " + root;
  }

  private List<Descriptor> index() throws RegistryException {
    byte[] bytes =
        readFile(
                root.resolve("index.json"),
                StoreImageSource.MAX_MANIFEST_BYTES,
                Limit.MANIFEST_BYTES)
            .orElseThrow(
                () ->
                    new RegistryException(
                        Kind.NOT_FOUND, "image layout " + root + " has no index.json"));
    JsonNode index =
        OciJson.parse(bytes)
            .orElseThrow(
                () ->
                    new RegistryException(
                        Kind.REFUSED, "image layout " + root + " has a malformed index.json"));
    return OciJson.descriptors(index, "manifests");
  }

  /** Digests are validated before this, so the path cannot leave {@code blobs/}. */
  private Optional<byte[]> read(String digest, long maxBytes, Limit limit)
      throws RegistryException {
    if (!Digests.isValid(digest)) {
      return Optional.empty();
    }
    Path file =
        root.resolve("blobs").resolve(Digests.algorithm(digest)).resolve(Digests.hex(digest));
    return readFile(file, maxBytes, limit);
  }

  private Optional<byte[]> readFile(Path file, long maxBytes, Limit limit)
      throws RegistryException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw StoreImageSource.tooLarge(
            limit, root.relativize(file).toString(), Files.size(file), maxBytes);
      }
      return Optional.of(bytes);
    } catch (NoSuchFileException e) {
      LOG.debugf("No %s in image layout %s", root.relativize(file), root);
      return Optional.empty();
    } catch (IOException e) {
      String reason = "cannot read " + root.relativize(file) + " in image layout " + root;
      LOG.debugf("%s: %s", reason, e);
      throw new RegistryException(Kind.UNAVAILABLE, reason);
    }
  }
}

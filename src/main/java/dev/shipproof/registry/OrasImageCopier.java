package dev.shipproof.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * {@link ImageCopier} from a registry or an OCI image layout to a registry, through {@link
 * RegistryEndpoint} (oras-java's HTTP client). It does not use oras-java's {@code CopyUtils}: that
 * re-serialises an index's JSON on the way and so changes its digest, and a promotion must land the
 * digest that was verified. Every manifest is hashed against its digest when read and pushed as
 * those exact bytes; blobs are streamed and hashed while they flow.
 */
public final class OrasImageCopier implements ImageCopier {
  private static final Logger LOG = Logger.getLogger(OrasImageCopier.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Index nesting followed: an index of indexes of manifests at most. */
  private static final int MAX_DEPTH = 2;

  private static final List<String> COSIGN_SUFFIXES = List.of(".sig", ".att", ".sbom");

  private final Source source;
  private final RegistryEndpoint destination;
  private final RegistryAccess destinationAccess;

  private OrasImageCopier(Source source, RegistryAccess destinationAccess) {
    this.source = source;
    this.destinationAccess = destinationAccess;
    this.destination = new RegistryEndpoint(destinationAccess);
  }

  /** Copies from registries reached with {@code sourceAccess} to one reached with the other. */
  public static OrasImageCopier fromRegistry(
      RegistryAccess sourceAccess, RegistryAccess destinationAccess) {
    RegistryEndpoint from = new RegistryEndpoint(sourceAccess);
    return new OrasImageCopier(
        new Source() {
          @Override
          public ContentStore store() {
            return from.reads();
          }

          @Override
          public InputStream openBlob(ImageRef image, String digest) throws RegistryException {
            return from.openBlob(image, digest);
          }

          @Override
          public String mountFrom(ImageRef image, ImageRef target) {
            return RegistryHosts.same(image.registryHost(), target.registryHost())
                ? image.apiRepository()
                : null;
          }
        },
        destinationAccess);
  }

  /** Copies from an OCI image layout directory (the source's repository name is ignored). */
  public static OrasImageCopier fromLayout(Path layoutDir, RegistryAccess destinationAccess) {
    LayoutContentStore store = new LayoutContentStore(layoutDir);
    return new OrasImageCopier(
        new Source() {
          @Override
          public ContentStore store() {
            return store;
          }

          @Override
          public InputStream openBlob(ImageRef image, String digest) throws RegistryException {
            Path file =
                layoutDir
                    .resolve("blobs")
                    .resolve(Digests.algorithm(digest))
                    .resolve(Digests.hex(digest));
            try {
              return Files.newInputStream(file);
            } catch (NoSuchFileException e) {
              throw new RegistryException(
                  Kind.NOT_FOUND,
                  "blob " + ImageRef.shortDigest(digest) + " is missing from layout " + layoutDir);
            } catch (IOException e) {
              throw new RegistryException(
                  Kind.UNAVAILABLE, "cannot read layout " + layoutDir + ": " + e.getMessage());
            }
          }

          @Override
          public String mountFrom(ImageRef image, ImageRef target) {
            return null;
          }
        },
        destinationAccess);
  }

  @Override
  public ImageSource destination() {
    return new OrasImageSource(destinationAccess);
  }

  @Override
  public CopyReport copy(ImageRef from, ImageRef to) throws RegistryException {
    String digest = from.digest();
    if (digest == null || !Digests.isValid(digest) || !digest.equals(to.digest())) {
      throw new IllegalArgumentException(
          "a copy keeps the digest: " + from + " and " + to + " must name the same digest");
    }
    Run run = new Run(from, to);
    run.tree(digest, 0, true);
    Optional<Content> landed =
        destination.reads().manifest(to, digest, StoreImageSource.MAX_MANIFEST_BYTES);
    if (landed.isEmpty()) {
      throw new RegistryException(
          Kind.DIGEST_MISMATCH,
          destination.describe(to)
              + " does not serve "
              + ImageRef.shortDigest(digest)
              + " after the copy");
    }
    Digests.verify(digest, landed.get().bytes(), "copied manifest at " + destination.describe(to));
    CopyReport report = run.report();
    LOG.infof("copied %s to %s: %s", from, to.name(), report.summary());
    return report;
  }

  /** Where a copy reads from. */
  private interface Source {
    ContentStore store();

    InputStream openBlob(ImageRef image, String digest) throws RegistryException;

    /** The repository to mount blobs from, when source and target share a registry; else null. */
    String mountFrom(ImageRef image, ImageRef target);
  }

  /** One copy's walk and counts. */
  private final class Run {
    private final ImageRef from;
    private final ImageRef to;
    private final Set<String> doneManifests = new HashSet<>();
    private final Set<String> doneBlobs = new HashSet<>();
    private int manifestsPushed;
    private int manifestsPresent;
    private int blobsUploaded;
    private int blobsMounted;
    private int blobsPresent;
    private int tagsWritten;

    Run(ImageRef from, ImageRef to) {
      this.from = from;
      this.to = to;
    }

    CopyReport report() {
      return new CopyReport(
          from.digest(),
          manifestsPushed,
          manifestsPresent,
          blobsUploaded,
          blobsMounted,
          blobsPresent,
          tagsWritten);
    }

    /** A manifest or index by digest, its children and blobs first, then (optionally) evidence. */
    void tree(String digest, int depth, boolean withEvidence) throws RegistryException {
      if (!doneManifests.add(digest)) {
        return;
      }
      Content content = sourceManifest(digest);
      JsonNode json = parse(content, digest);
      boolean index = OciJson.isIndex(json, content.contentType());
      if (index) {
        if (depth >= MAX_DEPTH) {
          throw new RegistryException(
              Kind.REFUSED,
              "index " + ImageRef.shortDigest(digest) + " nests indexes too deep to copy");
        }
        List<Descriptor> children = OciJson.descriptors(json, "manifests");
        if (children.size() > StoreImageSource.MAX_REFERRERS) {
          throw new RegistryException(
              Kind.REFUSED, "index " + ImageRef.shortDigest(digest) + " has too many children");
        }
        for (Descriptor child : children) {
          requireValid(child, digest);
          tree(child.digest(), depth + 1, withEvidence);
        }
      } else {
        Optional<Descriptor> config = OciJson.descriptor(json.get("config"));
        if (config.isPresent()) {
          blob(config.get(), digest);
        }
        for (Descriptor layer : OciJson.descriptors(json, "layers")) {
          blob(layer, digest);
        }
      }
      manifest(digest, mediaType(json, content, index), content.bytes());
      if (withEvidence) {
        referrers(digest);
        cosignTags(digest);
      }
    }

    private Content sourceManifest(String digest) throws RegistryException {
      Content content =
          source
              .store()
              .manifest(from, digest, StoreImageSource.MAX_MANIFEST_BYTES)
              .orElseThrow(
                  () ->
                      new RegistryException(
                          Kind.NOT_FOUND,
                          "manifest "
                              + ImageRef.shortDigest(digest)
                              + " is missing from "
                              + source.store().describe(from)));
      Digests.verify(digest, content.bytes(), "manifest");
      return content;
    }

    private void manifest(String digest, String mediaType, byte[] bytes) throws RegistryException {
      Optional<String> there = destination.headManifest(to, digest);
      if (there.isPresent() && (there.get().isEmpty() || there.get().equals(digest))) {
        manifestsPresent++;
        return;
      }
      String stored = destination.putManifest(to, digest, mediaType, bytes);
      if (stored != null && !stored.isEmpty() && !stored.equals(digest)) {
        throw new RegistryException(
            Kind.DIGEST_MISMATCH,
            destination.describe(to)
                + " stored manifest "
                + ImageRef.shortDigest(digest)
                + " as "
                + ImageRef.shortDigest(stored));
      }
      manifestsPushed++;
    }

    private void blob(Descriptor blob, String owner) throws RegistryException {
      requireValid(blob, owner);
      if (!doneBlobs.add(blob.digest())) {
        return;
      }
      if (destination.hasBlob(to, blob.digest())) {
        blobsPresent++;
        return;
      }
      String mountFrom = source.mountFrom(from, to);
      if (mountFrom != null && destination.mount(to, blob.digest(), mountFrom)) {
        blobsMounted++;
        return;
      }
      if (blob.size() < 0) {
        throw new RegistryException(
            Kind.REFUSED,
            "blob " + ImageRef.shortDigest(blob.digest()) + " has no size; cannot copy it");
      }
      // Opened here, so a source failure is reported as such; a second call (the client resends
      // after an auth challenge) opens the blob again.
      AtomicReference<InputStream> raw =
          new AtomicReference<>(source.openBlob(from, blob.digest()));
      AtomicReference<DigestInputStream> last =
          new AtomicReference<>(new DigestInputStream(raw.get(), sha256()));
      AtomicReference<Boolean> first = new AtomicReference<>(true);
      try {
        destination.uploadBlob(
            to,
            blob.digest(),
            blob.size(),
            () -> {
              if (first.getAndSet(false)) {
                return last.get();
              }
              try {
                closeQuietly(raw.get());
                raw.set(source.openBlob(from, blob.digest()));
                last.set(new DigestInputStream(raw.get(), sha256()));
                return last.get();
              } catch (RegistryException e) {
                throw new UncheckedIOException(new IOException(e.getMessage(), e));
              }
            });
      } finally {
        closeQuietly(raw.get());
      }
      DigestInputStream hashed = last.get();
      String actual = "sha256:" + HexFormat.of().formatHex(hashed.getMessageDigest().digest());
      if (!actual.equals(blob.digest())) {
        throw new RegistryException(
            Kind.DIGEST_MISMATCH,
            "blob "
                + ImageRef.shortDigest(blob.digest())
                + " read from "
                + source.store().describe(from)
                + " hashes to "
                + ImageRef.shortDigest(actual));
      }
      blobsUploaded++;
    }

    /** Referrers (API, else tag schema) of {@code digest}, and the tag schema where needed. */
    private void referrers(String digest) throws RegistryException {
      // Every artifact type: a copy carries all referrers, not just the ones Shipproof reads.
      Optional<Referrers> listed = source.store().referrers(from, digest, null);
      List<Descriptor> referrers =
          listed.isPresent() ? listed.get().descriptors() : tagSchema(source.store(), from, digest);
      if (referrers.size() > StoreImageSource.MAX_REFERRERS) {
        throw new RegistryException(
            Kind.REFUSED, ImageRef.shortDigest(digest) + " has too many referrers to copy");
      }
      List<Descriptor> copied = new ArrayList<>();
      for (Descriptor referrer : referrers) {
        if (!Digests.isValid(referrer.digest())) {
          continue;
        }
        tree(referrer.digest(), 1, false);
        copied.add(referrer);
      }
      if (copied.isEmpty() || destination.reads().referrers(to, digest, null).isPresent()) {
        // A registry with the referrers API indexes pushed referrers by their subject.
        return;
      }
      mergeTagSchema(digest, copied);
    }

    private void mergeTagSchema(String digest, List<Descriptor> copied) throws RegistryException {
      String tag = Digests.referrersTag(digest);
      Map<String, Descriptor> entries = new LinkedHashMap<>();
      for (Descriptor existing : tagSchema(destination.reads(), to, digest)) {
        entries.put(existing.digest(), existing);
      }
      int before = entries.size();
      copied.forEach(d -> entries.putIfAbsent(d.digest(), d));
      if (entries.size() == before && before > 0) {
        return;
      }
      byte[] index = indexOf(new ArrayList<>(entries.values()));
      destination.putManifest(to, tag, OciJson.OCI_INDEX, index);
      tagsWritten++;
    }

    private void cosignTags(String digest) throws RegistryException {
      for (String suffix : COSIGN_SUFFIXES) {
        String tag = Digests.cosignTag(digest, suffix);
        Optional<Content> content =
            source.store().manifest(from, tag, StoreImageSource.MAX_MANIFEST_BYTES);
        if (content.isEmpty()) {
          continue;
        }
        String tagDigest = Digests.compute("sha256:", content.get().bytes());
        String claimed = content.get().claimedDigest();
        if (claimed != null && Digests.isValid(claimed)) {
          Digests.verify(claimed, content.get().bytes(), "manifest of tag " + tag);
          tagDigest = claimed;
        }
        Optional<String> there = destination.headManifest(to, tag);
        if (there.isPresent() && !there.get().equals(tagDigest)) {
          // Signatures added at the destination are not overwritten; the evidence is checked
          // there afterwards, so missing pieces show up as a refusal, not as silent loss.
          LOG.infof("keeping %s at %s: it holds other signatures", tag, destination.describe(to));
          continue;
        }
        tree(tagDigest, 1, false);
        if (there.isEmpty()) {
          JsonNode json = parse(content.get(), tag);
          destination.putManifest(
              to, tag, mediaType(json, content.get(), false), content.get().bytes());
          tagsWritten++;
        }
      }
    }
  }

  private static List<Descriptor> tagSchema(ContentStore store, ImageRef image, String digest)
      throws RegistryException {
    Optional<Content> index =
        store.manifest(image, Digests.referrersTag(digest), StoreImageSource.MAX_MANIFEST_BYTES);
    if (index.isEmpty()) {
      return List.of();
    }
    Optional<JsonNode> json = OciJson.parse(index.get().bytes());
    if (json.isEmpty() || !OciJson.isIndex(json.get(), null)) {
      return List.of();
    }
    return OciJson.descriptors(json.get(), "manifests");
  }

  private static byte[] indexOf(List<Descriptor> descriptors) {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", OciJson.OCI_INDEX);
    ArrayNode manifests = index.putArray("manifests");
    for (Descriptor d : descriptors) {
      ObjectNode entry = manifests.addObject();
      entry.put("mediaType", d.mediaType() == null ? OciJson.OCI_MANIFEST : d.mediaType());
      entry.put("digest", d.digest());
      entry.put("size", d.size());
      if (d.artifactType() != null) {
        entry.put("artifactType", d.artifactType());
      }
      if (!d.annotations().isEmpty()) {
        ObjectNode annotations = entry.putObject("annotations");
        d.annotations().forEach(annotations::put);
      }
    }
    try {
      return JSON.writeValueAsString(index).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(Content content, String what) throws RegistryException {
    return OciJson.parse(content.bytes())
        .orElseThrow(
            () ->
                new RegistryException(Kind.REFUSED, "manifest " + what + " is not a JSON object"));
  }

  private static String mediaType(JsonNode json, Content content, boolean index) {
    String own = OciJson.text(json, "mediaType");
    if (own != null) {
      return own;
    }
    if (content.contentType() != null && content.contentType().startsWith("application/")) {
      return content.contentType();
    }
    return index ? OciJson.OCI_INDEX : OciJson.OCI_MANIFEST;
  }

  private static void requireValid(Descriptor d, String owner) throws RegistryException {
    if (!Digests.isValid(d.digest()) || !d.digest().startsWith("sha256:")) {
      throw new RegistryException(
          Kind.REFUSED,
          "manifest " + owner + " names a malformed or non-sha256 digest; refusing to copy it");
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static void closeQuietly(InputStream in) {
    if (in == null) {
      return;
    }
    try {
      in.close();
    } catch (IOException e) {
      // Already read or abandoned.
    }
  }
}

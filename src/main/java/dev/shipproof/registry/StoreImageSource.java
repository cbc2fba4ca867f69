package dev.shipproof.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipproof.model.EvidenceItem;
import dev.shipproof.model.EvidenceItem.Format;
import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.RegistryException.Kind;
import dev.shipproof.registry.RegistryLimitException.Limit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The fetch-and-check logic both image sources share: hash every manifest and blob against the
 * digest that named it, walk referrers (API, else tag schema) and cosign tags, and bound the work.
 */
final class StoreImageSource implements ImageSource {
  private static final Logger LOG = Logger.getLogger(StoreImageSource.class);

  static final long MAX_MANIFEST_BYTES = 4L * 1024 * 1024;
  static final long MAX_BLOB_BYTES = EvidenceLimits.DEFAULTS.maxBlobBytes();
  static final int MAX_REFERRERS = EvidenceLimits.DEFAULTS.maxReferrers();
  static final int MAX_LAYERS = 64;
  static final long MAX_EVIDENCE_BYTES = EvidenceLimits.DEFAULTS.maxEvidenceBytes();

  /**
   * The artifact types asked of a referrers API, one request each, in this order: the Sigstore
   * bundle media type cosign and GitHub attestations use, then the older parameterised forms. A
   * registry that ignores the filter answers the first request with every referrer, and no more
   * requests are made.
   */
  static final List<String> BUNDLE_ARTIFACT_TYPES =
      List.of(
          "application/vnd.dev.sigstore.bundle.v0.3+json",
          "application/vnd.dev.sigstore.bundle+json;version=0.3",
          "application/vnd.dev.sigstore.bundle+json;version=0.2",
          "application/vnd.dev.sigstore.bundle+json;version=0.1");

  /** cosign's tag suffixes: signatures, attestations, and SBOMs attached with attach sbom. */
  static final List<String> COSIGN_SUFFIXES = List.of(".sig", ".att", ".sbom");

  static final String SIGSTORE_BUNDLE_PREFIX = "application/vnd.dev.sigstore.bundle";
  static final String COSIGN_SIMPLESIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
  static final String DSSE_ENVELOPE = "application/vnd.dsse.envelope.v1+json";

  /** The annotation of an item that could not be read; see {@link ImageSource#FETCH_ERROR}. */
  private static final String FETCH_ERROR = ImageSource.FETCH_ERROR;

  private final ContentStore store;
  private final EvidenceLimits limits;

  StoreImageSource(ContentStore store) {
    this(store, EvidenceLimits.DEFAULTS);
  }

  StoreImageSource(ContentStore store, EvidenceLimits limits) {
    this.store = store;
    this.limits = limits;
  }

  @Override
  public FetchedManifest fetchManifest(ImageRef ref) throws RegistryException {
    String digest = requireDigest(ref);
    Optional<Content> found;
    try {
      found = store.manifest(ref, digest, MAX_MANIFEST_BYTES);
    } catch (RegistryLimitException e) {
      // The image itself, not its evidence: reported as content the operator will not read.
      throw new RegistryException(Kind.REFUSED, e.getMessage());
    }
    Content content =
        found.orElseThrow(
            () ->
                new RegistryException(
                    Kind.NOT_FOUND, "manifest " + digest + " not found in " + store.describe(ref)));
    Digests.verify(digest, content.bytes(), "manifest");
    JsonNode manifest =
        OciJson.parse(content.bytes())
            .orElseThrow(
                () ->
                    new RegistryException(
                        Kind.REFUSED,
                        "manifest "
                            + digest
                            + " in "
                            + store.describe(ref)
                            + " is not a JSON object"));
    return new FetchedManifest(digest, mediaType(manifest, content.contentType()), content.bytes());
  }

  @Override
  public List<EvidenceItem> collectEvidence(ImageRef ref) throws RegistryException {
    String digest = requireDigest(ref);
    var budget = new Budget(limits.maxEvidenceBytes());
    List<EvidenceItem> items = new ArrayList<>();
    // The API and the tag schema may both hold referrers (a registry that gained the API keeps
    // what clients wrote under the tag before), and cosign tags sit beside them: all count, and a
    // referrer or blob listed twice is read once.
    Map<String, Descriptor> referrers = new LinkedHashMap<>();
    boolean api = referrersApi(ref, digest, referrers);
    for (Descriptor referrer : referrersTag(ref, digest, items)) {
      keepBundleReferrer(referrer, referrers);
    }
    if (referrers.size() > limits.maxReferrers()) {
      throw new RegistryLimitException(
          Limit.REFERRERS,
          ImageRef.shortDigest(digest)
              + " has "
              + referrers.size()
              + " Sigstore bundle referrers in "
              + store.describe(ref)
              + "; refusing to follow more than "
              + limits.maxReferrers());
    }
    Set<LayerKey> seenBlobs = new HashSet<>();
    for (Descriptor referrer : referrers.values()) {
      items.addAll(bundlesOf(ref, digest, referrer, budget, seenBlobs));
    }
    for (String suffix : COSIGN_SUFFIXES) {
      items.addAll(cosignLayers(ref, Digests.cosignTag(digest, suffix), budget, seenBlobs));
    }
    LOG.debugf(
        "Collected %d evidence items for %s from %d referrers (%s), %d bytes",
        items.size(),
        ImageRef.shortDigest(digest),
        referrers.size(),
        api ? "API and tag schema" : "tag schema",
        budget.spent);
    return items;
  }

  /**
   * Adds the bundle referrers the referrers API lists, asking for each bundle artifact type until
   * an answer says the registry ignored the filter (then that answer held every referrer).
   *
   * @return whether the store has a referrers API
   */
  private boolean referrersApi(ImageRef ref, String digest, Map<String, Descriptor> referrers)
      throws RegistryException {
    boolean api = false;
    for (String type : BUNDLE_ARTIFACT_TYPES) {
      Optional<Referrers> answer = store.referrers(ref, digest, type);
      if (answer.isEmpty()) {
        return api;
      }
      api = true;
      for (Descriptor referrer : answer.get().descriptors()) {
        // Filter again even when the registry says it did: the filter is its claim, not ours.
        keepBundleReferrer(referrer, referrers);
      }
      if (!answer.get().filtered()) {
        return true;
      }
    }
    return api;
  }

  /**
   * Keeps a referrer that may hold a bundle: typed as one, or untyped (its manifest then decides).
   * Others (SBOM documents, vulnerability reports) are not evidence and do not count toward the
   * referrer limit.
   */
  private static void keepBundleReferrer(Descriptor referrer, Map<String, Descriptor> referrers) {
    if (referrer.artifactType() != null && !isBundle(referrer.artifactType())) {
      LOG.debugf("Ignoring referrer %s of type %s", referrer.digest(), referrer.artifactType());
      return;
    }
    referrers.putIfAbsent(referrer.digest(), referrer);
  }

  /** The manifest's own media type, else the served one, else what its shape says it is. */
  private static String mediaType(JsonNode manifest, String served) {
    String own = OciJson.text(manifest, "mediaType");
    if (own != null) {
      return own;
    }
    if (served != null) {
      return served;
    }
    return manifest.has("manifests") ? OciJson.OCI_INDEX : OciJson.OCI_MANIFEST;
  }

  private static String requireDigest(ImageRef ref) {
    if (ref.digest() == null || !Digests.isValid(ref.digest())) {
      throw new IllegalArgumentException("image " + ref + " has no sha256/sha512 digest");
    }
    return ref.digest();
  }

  /**
   * The referrers listed under the tag schema's tag. Whoever may attach a referrer may write this
   * tag, so an unreadable index is reported as an item and does not fail the call.
   */
  private List<Descriptor> referrersTag(ImageRef ref, String digest, List<EvidenceItem> items)
      throws RegistryException {
    String tag = Digests.referrersTag(digest);
    Optional<JsonNode> index;
    try {
      index = manifestByTag(ref, tag, null);
    } catch (RegistryException e) {
      items.add(unreadable(tag, Format.SIGSTORE_BUNDLE, OciJson.OCI_INDEX, e));
      return List.of();
    }
    if (index.isEmpty()) {
      return List.of();
    }
    if (!OciJson.isIndex(index.get(), null)) {
      LOG.debugf("Ignoring referrers tag %s: not an image index", tag);
      return List.of();
    }
    return OciJson.descriptors(index.get(), "manifests");
  }

  private List<EvidenceItem> bundlesOf(
      ImageRef ref, String digest, Descriptor referrer, Budget budget, Set<LayerKey> seenBlobs)
      throws RegistryException {
    if (!Digests.isValid(referrer.digest())) {
      LOG.debugf("Ignoring referrer with malformed digest %s", referrer.digest());
      return List.of();
    }
    String source = "referrer " + ImageRef.shortDigest(referrer.digest());
    if (referrer.mediaType() != null && !OciJson.isImageManifestType(referrer.mediaType())) {
      LOG.debugf("Ignoring %s with media type %s", source, referrer.mediaType());
      return List.of();
    }
    JsonNode manifest;
    List<Descriptor> layers;
    try {
      manifest = referrerManifest(ref, referrer, budget);
      layers = layers(manifest, source);
    } catch (RegistryException e) {
      String type =
          referrer.artifactType() != null ? referrer.artifactType() : OciJson.OCI_MANIFEST;
      return List.of(unreadable(source, Format.SIGSTORE_BUNDLE, type, e));
    }
    String subject = OciJson.subjectDigest(manifest);
    if (!digest.equals(subject)) {
      LOG.debugf("Ignoring %s: its subject is %s, not %s", source, subject, digest);
      return List.of();
    }
    String artifactType = OciJson.artifactType(manifest);
    List<EvidenceItem> items = new ArrayList<>();
    for (Descriptor layer : layers) {
      boolean bundleLayer = isBundle(layer.mediaType());
      if (!bundleLayer && !(isBundle(artifactType) && layers.size() == 1)) {
        continue;
      }
      String mediaType = bundleLayer ? layer.mediaType() : artifactType;
      if (seenBlobs.add(new LayerKey(layer))) {
        items.add(evidence(ref, layer, source, Format.SIGSTORE_BUNDLE, mediaType, budget));
      }
    }
    return items;
  }

  /** A referrer's manifest, hashed and sized against its descriptor, parsed. */
  private JsonNode referrerManifest(ImageRef ref, Descriptor referrer, Budget budget)
      throws RegistryException {
    String shortRef = ImageRef.shortDigest(referrer.digest());
    if (referrer.size() > MAX_MANIFEST_BYTES) {
      throw tooLarge(
          Limit.MANIFEST_BYTES,
          "referrer manifest " + shortRef,
          referrer.size(),
          MAX_MANIFEST_BYTES);
    }
    Content content =
        store
            .manifest(ref, referrer.digest(), MAX_MANIFEST_BYTES)
            .orElseThrow(
                () ->
                    new RegistryException(
                        Kind.NOT_FOUND,
                        "referrer manifest "
                            + shortRef
                            + " of "
                            + ImageRef.shortDigest(ref.digest())
                            + " is listed but missing from "
                            + store.describe(ref)));
    Digests.verify(referrer.digest(), content.bytes(), "referrer manifest");
    requireSize(referrer, content.bytes(), "referrer manifest");
    budget.spend(content.bytes().length);
    Optional<JsonNode> manifest = OciJson.parse(content.bytes());
    if (manifest.isEmpty() || OciJson.isIndex(manifest.get(), content.contentType())) {
      throw new RegistryException(
          Kind.REFUSED, "referrer manifest " + shortRef + " is not a JSON image manifest");
    }
    return manifest.get();
  }

  private List<EvidenceItem> cosignLayers(
      ImageRef ref, String tag, Budget budget, Set<LayerKey> seenBlobs) throws RegistryException {
    Optional<JsonNode> manifest;
    List<Descriptor> layers;
    try {
      manifest = manifestByTag(ref, tag, budget);
      if (manifest.isEmpty()) {
        return List.of();
      }
      if (OciJson.isIndex(manifest.get(), null)) {
        LOG.debugf("Ignoring cosign tag %s: an index, not a manifest", tag);
        return List.of();
      }
      layers = layers(manifest.get(), tag);
    } catch (RegistryException e) {
      if (tag.endsWith(".sbom")) {
        // Usually an unsigned SBOM document, so no signature or attestation is lost with it.
        unreadable(tag, Format.SIGSTORE_BUNDLE, OciJson.OCI_MANIFEST, e);
        return List.of();
      }
      boolean sig = tag.endsWith(".sig");
      return List.of(
          unreadable(
              tag,
              sig ? Format.COSIGN_SIGNATURE : Format.COSIGN_ATTESTATION,
              sig ? COSIGN_SIMPLESIGNING : DSSE_ENVELOPE,
              e));
    }
    List<EvidenceItem> items = new ArrayList<>();
    for (Descriptor layer : layers) {
      Format format = cosignFormat(layer.mediaType());
      if (format == null) {
        // An SBOM attached with cosign attach sbom is an unsigned document: not evidence.
        LOG.debugf("Ignoring layer of type %s in %s", layer.mediaType(), tag);
        continue;
      }
      if (seenBlobs.add(new LayerKey(layer))) {
        items.add(evidence(ref, layer, tag, format, layer.mediaType(), budget));
      }
    }
    return items;
  }

  /** One layer's blob as an item, or the item saying why it could not be read. */
  private EvidenceItem evidence(
      ImageRef ref, Descriptor layer, String source, Format format, String mediaType, Budget budget)
      throws RegistryException {
    byte[] bytes;
    try {
      bytes = blob(ref, layer, source);
    } catch (RegistryException e) {
      return unreadable(source, format, mediaType, e);
    }
    // Outside the catch: going over the total refuses the whole collection, not one item.
    budget.spend(bytes.length);
    return new EvidenceItem(source, format, mediaType, bytes, layer.annotations());
  }

  /**
   * An item the verifier will reject, saying why its bytes could not be read. Anyone who may attach
   * evidence can attach a broken piece, so a broken piece must not fail the collection; an outage
   * or refused credentials still do, since a retry or a fix may help.
   */
  private static EvidenceItem unreadable(
      String source, Format format, String mediaType, RegistryException e)
      throws RegistryException {
    if (e.kind() == Kind.UNAVAILABLE
        || e.kind() == Kind.UNAUTHORIZED
        || e instanceof RegistryLimitException) {
      throw e;
    }
    LOG.debugf("Unreadable evidence %s (%s): %s", source, e.kind(), e.getMessage());
    return new EvidenceItem(
        source, format, mediaType, new byte[0], Map.of(FETCH_ERROR, e.getMessage()));
  }

  private static Format cosignFormat(String mediaType) {
    if (COSIGN_SIMPLESIGNING.equals(mediaType)) {
      return Format.COSIGN_SIGNATURE;
    }
    if (DSSE_ENVELOPE.equals(mediaType)) {
      return Format.COSIGN_ATTESTATION;
    }
    return isBundle(mediaType) ? Format.SIGSTORE_BUNDLE : null;
  }

  /**
   * A manifest fetched by tag, checked against the digest the store claims when it claims one;
   * empty when the tag does not exist.
   */
  private Optional<JsonNode> manifestByTag(ImageRef ref, String tag, Budget budget)
      throws RegistryException {
    Optional<Content> content = store.manifest(ref, tag, MAX_MANIFEST_BYTES);
    if (content.isEmpty()) {
      return Optional.empty();
    }
    if (budget != null) {
      budget.spend(content.get().bytes().length);
    }
    String claimed = content.get().claimedDigest();
    if (claimed != null && Digests.isValid(claimed)) {
      Digests.verify(claimed, content.get().bytes(), "manifest of tag " + tag);
    }
    Optional<JsonNode> json = OciJson.parse(content.get().bytes());
    if (json.isEmpty()) {
      throw new RegistryException(Kind.REFUSED, "manifest of tag " + tag + " is not JSON");
    }
    return json;
  }

  private List<Descriptor> layers(JsonNode manifest, String where) throws RegistryException {
    List<Descriptor> layers = OciJson.descriptors(manifest, "layers");
    if (layers.size() > MAX_LAYERS) {
      throw new RegistryLimitException(
          Limit.LAYERS,
          where + " has " + layers.size() + " layers; refusing to read more than " + MAX_LAYERS);
    }
    return layers;
  }

  private byte[] blob(ImageRef ref, Descriptor layer, String where) throws RegistryException {
    if (!Digests.isValid(layer.digest())) {
      throw new RegistryException(
          Kind.REFUSED, where + " names a layer with a malformed digest; refusing it");
    }
    String shortBlob = ImageRef.shortDigest(layer.digest());
    long max = limits.maxBlobBytes();
    if (layer.size() > max) {
      throw tooLarge(
          Limit.BLOB_BYTES, "evidence blob " + shortBlob + " of " + where, layer.size(), max);
    }
    byte[] bytes =
        store
            .blob(ref, layer.digest(), max)
            .orElseThrow(
                () ->
                    new RegistryException(
                        Kind.NOT_FOUND,
                        "evidence blob "
                            + shortBlob
                            + " of "
                            + where
                            + " is missing from "
                            + store.describe(ref)));
    // The item's source names the referrer or tag, so the sentence names only the blob.
    Digests.verify(layer.digest(), bytes, "evidence blob");
    requireSize(layer, bytes, "evidence blob");
    return bytes;
  }

  private static void requireSize(Descriptor descriptor, byte[] bytes, String what)
      throws RegistryException {
    if (descriptor.size() >= 0 && descriptor.size() != bytes.length) {
      throw new RegistryException(
          Kind.DIGEST_MISMATCH,
          what
              + " "
              + ImageRef.shortDigest(descriptor.digest())
              + " is "
              + bytes.length
              + " bytes, but its descriptor says "
              + descriptor.size());
    }
  }

  static boolean isBundle(String mediaType) {
    return mediaType != null
        && mediaType.toLowerCase(Locale.ROOT).startsWith(SIGSTORE_BUNDLE_PREFIX);
  }

  static RegistryLimitException tooLarge(Limit which, String what, long size, long limit) {
    return new RegistryLimitException(
        which, what + " is " + size + " bytes; refusing anything over " + limit + " bytes");
  }

  /**
   * What makes a layer the same evidence twice: its blob and its annotations. cosign's keyless and
   * keyed {@code .sig} layers share one simple-signing payload blob and differ in the signature
   * annotations, so the blob digest alone would drop one of them.
   */
  private record LayerKey(String digest, Map<String, String> annotations) {
    LayerKey(Descriptor layer) {
      this(layer.digest(), layer.annotations());
    }
  }

  /** Caps the evidence bytes (manifests and blobs) held in memory for one digest. */
  private static final class Budget {
    private final long max;
    private long spent;

    Budget(long max) {
      this.max = max;
    }

    void spend(long bytes) throws RegistryException {
      spent += bytes;
      if (spent > max) {
        throw new RegistryLimitException(
            Limit.EVIDENCE_BYTES,
            "evidence for one digest exceeds " + max + " bytes in total; refusing it");
      }
    }
  }
}

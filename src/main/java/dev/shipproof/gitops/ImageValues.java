package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.ImageRef;
import dev.shipproof.model.ImageRefException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The edits that make one value found in a YAML file pin a digest, shared by the {@code
 * helm-values}, {@code yaml} and {@code manifest} editors. An empty list means the value already
 * pins it.
 */
final class ImageValues {
  private ImageValues() {}

  /** Canonical name of {@code name}, refusing an invalid one (it comes from the target). */
  static String canonical(String name, String what) throws EditRefusal {
    try {
      return ImageRef.parse(name).canonicalName();
    } catch (ImageRefException e) {
      throw new EditRefusal(Reasons.TARGET_INVALID, what + " is invalid: " + e.getMessage());
    }
  }

  /** The reference written in a scalar, or empty when it is not one. */
  static Optional<ImageRef> reference(String written) {
    try {
      return Optional.of(ImageRef.parse(written));
    } catch (ImageRefException e) {
      return Optional.empty();
    }
  }

  /**
   * Edits for a value found at a key path: a reference string, a bare tag (with {@code
   * tagHoldsDigest}) or a map with repository, tag and digest keys.
   */
  static List<TextSplicer.Splice> plan(
      YamlDocument doc,
      KeyPath.Found found,
      String where,
      String imageName,
      TargetOptions options,
      String digest)
      throws EditRefusal {
    Node value = found.pair().getValueNode();
    if (value instanceof ScalarNode scalar) {
      doc.checkNotShared(found.nodes(), where, options);
      if (options.tagHoldsDigest()) {
        // A bare tag names no image, so nothing would stop a misconfigured key path from writing
        // this digest into another image's tag.
        throw new EditRefusal(
            Reasons.TARGET_INVALID,
            where
                + " holds a bare tag, so the image it belongs to cannot be checked; point the key"
                + " path at the map holding repository and tag (or at a whole reference) instead");
      }
      return reference(doc, found.pair(), where, imageName, options.newName(), digest, true)
          .orElseThrow();
    }
    if (value instanceof MappingNode map) {
      return map(doc, found, map, where, imageName, options, digest);
    }
    throw new EditRefusal(
        Reasons.TARGET_INVALID, where + " is a list, not an image reference or an image map");
  }

  /**
   * Edits for a scalar holding a whole reference: {@code name@digest}, with the name as written (or
   * {@code newName}) and the tag dropped. Empty (no match) when the scalar names another image and
   * {@code mustMatch} is false.
   */
  static Optional<List<TextSplicer.Splice>> reference(
      YamlDocument doc,
      NodeTuple pair,
      String where,
      String imageName,
      String newName,
      String digest,
      boolean mustMatch)
      throws EditRefusal {
    ScalarNode scalar = (ScalarNode) pair.getValueNode();
    if (scalar.getScalarStyle() == ScalarStyle.LITERAL
        || scalar.getScalarStyle() == ScalarStyle.FOLDED) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID, where + " is a multi-line block scalar; edit it by hand");
    }
    String written = scalar.getValue();
    Optional<ImageRef> ref = reference(written);
    if (ref.isEmpty()) {
      if (!mustMatch) {
        return Optional.empty();
      }
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          where + " holds \"" + written + "\", which is not an image reference");
    }
    String have = ref.get().canonicalName();
    boolean matches =
        have.equals(canonical(imageName, "target image " + imageName))
            || (newName != null && have.equals(canonical(newName, "newName " + newName)));
    if (!matches) {
      if (!mustMatch) {
        return Optional.empty();
      }
      throw new EditRefusal(
          Reasons.TARGET_NOT_FOUND,
          where + " holds image " + ref.get().name() + ", not " + imageName);
    }
    String name = newName != null ? newName : ref.get().name();
    boolean nameOk = newName == null || ref.get().name().equals(newName);
    if (digest.equals(ref.get().digest()) && nameOk) {
      return Optional.of(List.of());
    }
    checkComposed(name + "@" + digest, where, "image " + name, digest);
    return Optional.of(List.of(doc.replaceScalar(pair, name + "@" + digest)));
  }

  /**
   * {@code tag: "<tag>@digest"}, keeping the tag as a label. Refuses when there is no tag (empty or
   * null) or when the tag is not one the reference grammar allows: the chart would render an
   * invalid {@code repository:tag@digest}. The composed reference is checked with {@link
   * ImageRef#parse} so the grammar lives in one place.
   */
  private static List<TextSplicer.Splice> tagWithDigest(
      YamlDocument doc, NodeTuple pair, String where, String repository, String digest)
      throws EditRefusal {
    ScalarNode node = (ScalarNode) pair.getValueNode();
    String written = isNull(node) ? "" : node.getValue().strip();
    int at = written.indexOf('@');
    String tag = at < 0 ? written : written.substring(0, at);
    if (tag.isEmpty() || tag.startsWith("sha256:") || tag.startsWith("sha512:")) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          where
              + " holds no tag to keep; tagHoldsDigest writes <tag>@<digest>, and a digest alone"
              + " would render repo:sha256:…, which is not a valid reference");
    }
    checkComposed(repository + ":" + tag + "@" + digest, where, "tag \"" + tag + "\"", digest);
    if (at >= 0 && written.substring(at + 1).equals(digest)) {
      return List.of();
    }
    return List.of(doc.replaceScalar(pair, tag + "@" + digest));
  }

  /** A plain {@code ~}, {@code null} or empty scalar: YAML's null, which a chart renders empty. */
  private static boolean isNull(ScalarNode node) {
    return node.getScalarStyle() == ScalarStyle.PLAIN
        && List.of("", "~", "null", "Null", "NULL").contains(node.getValue().strip());
  }

  /**
   * Refuses unless {@code composed}, the reference the written value makes, parses and names
   * {@code digest}: an edit must never write something that is not a valid pinned reference.
   */
  static void checkComposed(String composed, String where, String what, String digest)
      throws EditRefusal {
    Optional<ImageRef> ref = reference(composed);
    if (ref.isEmpty() || !digest.equals(ref.get().digest())) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          where
              + " holds "
              + what
              + ", which would render "
              + composed
              + ", not a valid image reference (a tag is letters, digits, _ . - and starts with a"
              + " letter, digit or _); fix the value by hand");
    }
  }

  private static List<TextSplicer.Splice> map(
      YamlDocument doc,
      KeyPath.Found found,
      MappingNode map,
      String where,
      String imageName,
      TargetOptions options,
      String digest)
      throws EditRefusal {
    Optional<NodeTuple> repository = YamlDocument.field(map, options.repositoryKey());
    if (repository.isEmpty() || !(repository.get().getValueNode() instanceof ScalarNode repo)) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          where
              + " has no "
              + options.repositoryKey()
              + " key to check the image name against"
              + (YamlDocument.hasMerge(map) ? " (a << merge is not followed)" : ""));
    }
    Optional<String> registry = YamlDocument.scalar(map, "registry").filter(r -> !r.isBlank());
    String written = registry.map(r -> r + "/").orElse("") + repo.getValue();
    String wanted = canonical(imageName, "target image " + imageName);
    String newName = options.newName();
    Optional<ImageRef> ref = reference(written);
    boolean matches =
        ref.isPresent()
            && (ref.get().canonicalName().equals(wanted)
                || (newName != null
                    && ref.get().canonicalName().equals(canonical(newName, "newName"))));
    if (!matches) {
      throw new EditRefusal(
          Reasons.TARGET_NOT_FOUND, where + " holds image " + written + ", not " + imageName);
    }
    List<TextSplicer.Splice> edits = new ArrayList<>();
    List<Node> repoPath = new ArrayList<>(found.nodes());
    if (newName != null && !written.equals(newName)) {
      if (registry.isPresent()) {
        throw new EditRefusal(
            Reasons.TARGET_INVALID,
            where + " splits registry and repository; newName cannot be written into both");
      }
      repoPath.add(repo);
      doc.checkNotShared(repoPath, where + "." + options.repositoryKey(), options);
      edits.add(doc.replaceScalar(repository.get(), newName));
    }
    Optional<NodeTuple> digestPair = YamlDocument.field(map, options.digestKey());
    if (digestPair.isPresent()) {
      String d = where + "." + options.digestKey();
      List<Node> path = new ArrayList<>(found.nodes());
      path.add(digestPair.get().getValueNode());
      doc.checkNotShared(path, d, options);
      if (!(digestPair.get().getValueNode() instanceof ScalarNode s)) {
        throw new EditRefusal(Reasons.TARGET_INVALID, d + " is not a scalar");
      }
      if (!s.getValue().equals(digest)) {
        edits.add(doc.replaceScalar(digestPair.get(), digest));
      }
      return edits;
    }
    Optional<NodeTuple> tagPair = YamlDocument.field(map, options.tagKey());
    String t = where + "." + options.tagKey();
    Optional<String> tagValue =
        tagPair
            .map(NodeTuple::getValueNode)
            .filter(ScalarNode.class::isInstance)
            .map(n -> ((ScalarNode) n).getValue().strip());
    if (edits.isEmpty()
        && tagValue.isPresent()
        && tagValue.get().endsWith("@" + digest)
        && reference(written + ":" + tagValue.get())
            .filter(r -> digest.equals(r.digest()))
            .isPresent()) {
      // Compared by digest: the value already renders repo:tag@digest, whoever wrote it.
      return edits;
    }
    if (!options.tagHoldsDigest()) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          where
              + " has no "
              + options.digestKey()
              + " key: the chart renders "
              + options.repositoryKey()
              + ":"
              + options.tagKey()
              + " and cannot take a digest; set tagHoldsDigest: true if it writes the tag"
              + " unchanged (it then renders repo:tag@sha256:…), or add a digest value to the"
              + " chart");
    }
    if (tagPair.isEmpty() || !(tagPair.get().getValueNode() instanceof ScalarNode)) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          t + " is missing; tagHoldsDigest needs a tag to write <tag>@<digest> into");
    }
    List<Node> path = new ArrayList<>(found.nodes());
    path.add(tagPair.get().getValueNode());
    doc.checkNotShared(path, t, options);
    String rendered = newName != null ? newName : written;
    edits.addAll(tagWithDigest(doc, tagPair.get(), t, rendered, digest));
    return edits;
  }
}

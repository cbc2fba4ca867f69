package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.ImageRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Pins an image digest in a Helm values file ({@code helm-values}) or, with a required key path,
 * in any YAML file ({@code yaml}). Pure: text in, text out; only the bytes of the edited scalars
 * change (see {@link KustomizeEditor} for how splicing keeps the rest).
 *
 * <p>The key path (default {@code image}) leads to either a reference string, written as {@code
 * name@sha256:…} (tag dropped, name as written), or a map: its {@code digest} key gets the digest;
 * without one, {@code tagHoldsDigest} writes {@code tag: <tag>@sha256:…} and otherwise the edit is
 * refused, because a chart that renders {@code repo:tag} cannot take a digest. The tag beside a
 * digest key is left as written: it is the chart's label, and some charts require it.
 *
 * <p>A {@code yaml} file may hold several documents; the path must lead somewhere in exactly one.
 */
public final class HelmValuesEditor {
  private HelmValuesEditor() {}

  /**
   * Pins {@code pinned}'s digest in a values file.
   *
   * @param fileText the whole file (a leading BOM is kept)
   * @param imageName the image name the value must hold (compared canonically)
   * @param options key path (default {@code image}), map keys, {@code tagHoldsDigest}, {@code
   *     newName}
   * @param pinned the image with the digest to pin
   * @return Changed, Unchanged when already pinned, or Refused ({@code TargetNotFound}, {@code
   *     TargetInvalid})
   */
  public static EditResult pinValues(
      String fileText, String imageName, TargetOptions options, ImageRef pinned) {
    return pin(fileText, imageName, options.key() == null ? options.withKey("image") : options,
        pinned, false);
  }

  /**
   * Pins {@code pinned}'s digest at the key path of {@code options} in any YAML file, which may
   * hold several documents.
   *
   * @return as {@link #pinValues}; a missing key path is refused with {@code TargetInvalid}
   */
  public static EditResult pinYaml(
      String fileText, String imageName, TargetOptions options, ImageRef pinned) {
    if (options.key() == null) {
      return new EditResult.Refused(
          Reasons.TARGET_INVALID, "format yaml needs a key path (key) to the image");
    }
    return pin(fileText, imageName, options, pinned, true);
  }

  private static EditResult pin(
      String fileText, String imageName, TargetOptions options, ImageRef pinned, boolean multi) {
    Objects.requireNonNull(fileText, "fileText");
    Objects.requireNonNull(imageName, "imageName");
    if (pinned.digest() == null) {
      throw new IllegalArgumentException("image to pin has no digest: " + pinned);
    }
    try {
      KeyPath path = KeyPath.parse(options.key());
      YamlDocument doc = YamlDocument.parse(fileText, multi);
      List<TextSplicer.Splice> edits = plan(doc, path, imageName, options, pinned.digest());
      if (edits.isEmpty()) {
        return new EditResult.Unchanged();
      }
      String newText = doc.splicer.apply(edits);
      YamlDocument after = YamlDocument.parse(newText, multi);
      if (!plan(after, path, imageName, options, pinned.digest()).isEmpty()) {
        throw new EditRefusal(
            Reasons.TARGET_INVALID,
            "editing key " + path.text() + " did not give the expected pin; edit it by hand");
      }
      return new EditResult.Changed(newText);
    } catch (EditRefusal r) {
      return new EditResult.Refused(r.reason(), r.getMessage());
    }
  }

  private static List<TextSplicer.Splice> plan(
      YamlDocument doc, KeyPath path, String imageName, TargetOptions options, String digest)
      throws EditRefusal {
    List<KeyPath.Found> found = new ArrayList<>();
    List<Node> where = new ArrayList<>();
    for (Node root : doc.roots) {
      Optional<KeyPath.Found> f = path.find(root);
      if (f.isPresent()) {
        found.add(f.get());
        where.add(root);
      }
    }
    if (found.isEmpty()) {
      throw new EditRefusal(
          Reasons.TARGET_NOT_FOUND, "no key " + path.text() + " for image " + imageName);
    }
    if (found.size() > 1) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          "ambiguous: key "
              + path.text()
              + " is in "
              + found.size()
              + " documents (at "
              + String.join(", ", where.stream().map(TextSplicer::where).toList())
              + "); refusing to guess");
    }
    return ImageValues.plan(doc, found.get(0), "key " + path.text(), imageName, options, digest);
  }
}

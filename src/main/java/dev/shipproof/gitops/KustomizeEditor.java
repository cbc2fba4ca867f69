package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.ImageRef;
import dev.shipproof.model.ImageRefException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Pins an image digest in a {@code kustomization.yaml}. Pure: text in, text out.
 *
 * <p>The file is parsed with SnakeYAML Engine only to find where the {@code images[]} entry's
 * scalars start and end; the edit is a splice of the original text, so comments, blank lines, key
 * order, quoting, indentation, CRLF line endings, a byte order mark and a missing final newline all
 * survive. Nothing is ever re-serialised.
 *
 * <p>The edit, by what the entry holds: with {@code digest} and no {@code newTag}, only the digest
 * value is replaced (its quoting kept); with {@code newTag} and no {@code digest}, the {@code
 * newTag} line becomes the {@code digest} line; with both, the digest value is replaced and the
 * {@code newTag} line deleted (when {@code newTag} shares the {@code "- "} line, it becomes the
 * digest line and the old digest line is deleted); with neither, a {@code digest} line is inserted
 * after {@code name}, indented like it. A missing entry, or a missing {@code images:} key, is added
 * in the file's own list indentation (see {@link KustomizeImages}).
 *
 * <p>Flow-style entries ({@code images: [{name: x, newTag: y}]}) are refused with reason {@code
 * TargetInvalid}: splicing inside flow collections would have to manage commas and is left to a
 * person. So are entries that use YAML anchors, aliases or merge keys ({@code <<: *base}), whose
 * effective fields are not the ones written in the entry.
 */
public final class KustomizeEditor {
  /** Kustomization files are small; anything bigger than this is not one. */
  static final int MAX_CODE_POINTS = 1024 * 1024;

  /** Aliases are rare in kustomizations; a billion-laughs file needs dozens. */
  static final int MAX_ALIASES = 16;

  private static final YamlLimits LIMITS =
      new YamlLimits(MAX_CODE_POINTS, MAX_ALIASES, 1, "a kustomization has one");

  private KustomizeEditor() {}

  /**
   * Pins {@code pinned}'s digest in the {@code images[]} entry whose {@code name} is {@code
   * imageName}: sets {@code digest}, removes {@code newTag} (with its inline comment) and keeps
   * {@code newName} and the name as written. Names are compared by {@link
   * ImageRef#canonicalName()}, so {@code nginx} matches {@code docker.io/library/nginx}.
   *
   * @param fileText the whole file, as decoded from UTF-8 (a leading BOM is kept)
   * @param imageName the image name as configured on the environment's target
   * @param pinned the image with the digest to pin; only its digest is written
   * @return {@link EditResult.Changed} with the new text, {@link EditResult.Unchanged} when the
   *     entry already pins this digest (a {@code newTag} label beside it is kept), or {@link EditResult.Refused} with reason
   *     {@code TargetNotFound} or {@code TargetInvalid}
   * @throws IllegalArgumentException if {@code pinned} has no digest
   */
  public static EditResult pin(String fileText, String imageName, ImageRef pinned) {
    return pin(fileText, imageName, TargetOptions.DEFAULTS, pinned);
  }

  /**
   * As {@link #pin(String, String, ImageRef)}, and: a missing entry (or {@code images:} key) is
   * added in the file's list indentation; {@code options.newName()}, when set, is written as the
   * entry's {@code newName}.
   */
  public static EditResult pin(
      String fileText, String imageName, TargetOptions options, ImageRef pinned) {
    Objects.requireNonNull(fileText, "fileText");
    Objects.requireNonNull(imageName, "imageName");
    if (pinned.digest() == null) {
      throw new IllegalArgumentException("image to pin has no digest: " + pinned);
    }
    try {
      String wanted = canonical(imageName);
      String newName = options.newName();
      Entry entry;
      String newText;
      try {
        entry = locate(fileText, imageName, wanted);
        newText =
            entry.pins(pinned.digest())
                ? fileText
                : new TextSplicer(fileText).apply(entry.edits(fileText, pinned.digest()));
      } catch (EditRefusal r) {
        if (!r.reason().equals(Reasons.TARGET_NOT_FOUND)) {
          throw r;
        }
        newText = KustomizeImages.addEntry(fileText, imageName, newName, pinned.digest());
      }
      if (newName != null && !locate(newText, imageName, wanted).hasNewName(newName)) {
        newText = locate(newText, imageName, wanted).setNewName(newText, newName);
      }
      if (newText.equals(fileText)) {
        return new EditResult.Unchanged();
      }
      Entry after = locate(newText, imageName, wanted);
      if (!after.pins(pinned.digest()) || (newName != null && !after.hasNewName(newName))) {
        throw new EditRefusal(
            Reasons.TARGET_INVALID,
            "editing the images[] entry named " + imageName + " did not give the expected pin");
      }
      return new EditResult.Changed(newText);
    } catch (EditRefusal r) {
      return new EditResult.Refused(r.reason(), r.getMessage());
    }
  }

  private static String canonical(String imageName) throws EditRefusal {
    try {
      return ImageRef.parse(imageName).canonicalName();
    } catch (ImageRefException e) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID, "target image name is invalid: " + e.getMessage());
    }
  }

  private static boolean sameImage(String written, String imageName, String wanted) {
    try {
      return ImageRef.parse(written).canonicalName().equals(wanted);
    } catch (ImageRefException e) {
      return written.equals(imageName);
    }
  }

  private static Entry locate(String text, String imageName, String wanted) throws EditRefusal {
    MappingNode root = parse(text);
    SequenceNode images = imagesOf(root, imageName);
    List<MappingNode> matches = new ArrayList<>();
    for (Node item : images.getValue()) {
      if (!(item instanceof MappingNode entry)) {
        throw new EditRefusal(
            Reasons.TARGET_INVALID,
            "images[] item at " + TextSplicer.where(item) + " is not a mapping");
      }
      Optional<NodeTuple> name = field(entry, "name");
      boolean ours =
          name.isPresent()
              && name.get().getValueNode() instanceof ScalarNode value
              && sameImage(value.getValue(), imageName, wanted);
      // Keys written in the entry win over merged ones, so only an entry without its own name
      // could be ours through a merge.
      if (hasMergeKey(entry) && (ours || name.isEmpty())) {
        throw new EditRefusal(
            Reasons.TARGET_INVALID,
            "images[] entry at "
                + TextSplicer.where(entry)
                + " uses a YAML merge key (<<), so its real fields are not where they are written;"
                + " write the entry out in full");
      }
      if (ours) {
        matches.add(entry);
      }
    }
    if (matches.isEmpty()) {
      throw new EditRefusal(Reasons.TARGET_NOT_FOUND, "no images[] entry named " + imageName);
    }
    if (matches.size() > 1) {
      List<String> lines = matches.stream().map(TextSplicer::where).toList();
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          "ambiguous: "
              + matches.size()
              + " images[] entries named "
              + imageName
              + " (at "
              + String.join(", ", lines)
              + "); refusing to guess");
    }
    return Entry.of(matches.get(0), images, imageName);
  }

  private static SequenceNode imagesOf(MappingNode root, String imageName) throws EditRefusal {
    Optional<NodeTuple> images = field(root, "images");
    if (images.isEmpty() && hasMergeKey(root)) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          "the file has no images: key of its own but uses a YAML merge key (<<) at the top level;"
              + " write images: out in full");
    }
    if (images.isEmpty()
        || (images.get().getValueNode() instanceof ScalarNode s && s.getValue().isEmpty())) {
      throw new EditRefusal(
          Reasons.TARGET_NOT_FOUND, "no images[] entry named " + imageName + " (no images: list)");
    }
    if (!(images.get().getValueNode() instanceof SequenceNode seq)) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          "images: at " + TextSplicer.where(images.get().getValueNode()) + " is not a list");
    }
    return seq;
  }

  /**
   * True when the mapping has a YAML 1.1 merge key. SnakeYAML Engine (YAML 1.2) keeps {@code <<} as
   * a plain key, but kustomize (go-yaml) merges it, so the fields it brings in would be invisible
   * here.
   */
  private static boolean hasMergeKey(MappingNode map) {
    return map.getValue().stream()
        .anyMatch(
            t ->
                t.getKeyNode() instanceof ScalarNode k
                    && k.getValue().equals("<<")
                    && k.getScalarStyle() == ScalarStyle.PLAIN);
  }

  /** The single key named {@code key}, refusing duplicates (the composer keeps them). */
  private static Optional<NodeTuple> field(MappingNode map, String key) throws EditRefusal {
    List<NodeTuple> found =
        map.getValue().stream()
            .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))
            .toList();
    if (found.size() > 1) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          "key \""
              + key
              + "\" appears twice (at "
              + TextSplicer.where(found.get(1).getKeyNode())
              + ")");
    }
    return found.stream().findFirst();
  }

  private static MappingNode parse(String text) throws EditRefusal {
    LIMITS.checkSize(text);
    LoadSettings settings = LIMITS.settings("kustomization");
    try {
      LIMITS.check(new Parse(settings).parseString(text));
      Optional<Node> root = new Compose(settings).composeString(text);
      if (root.isEmpty()) {
        throw new EditRefusal(Reasons.TARGET_NOT_FOUND, "file is empty");
      }
      if (!(root.get() instanceof MappingNode map)) {
        throw new EditRefusal(Reasons.TARGET_INVALID, "top level of the file is not a mapping");
      }
      return map;
    } catch (MarkedYamlEngineException e) {
      throw new EditRefusal(Reasons.TARGET_INVALID, "invalid YAML" + describe(e));
    } catch (YamlEngineException e) {
      throw new EditRefusal(Reasons.TARGET_INVALID, "invalid YAML: " + firstLine(e.getMessage()));
    }
  }

  private static String describe(MarkedYamlEngineException e) {
    String problem = e.getProblem() == null ? "" : ": " + firstLine(e.getProblem());
    return e.getProblemMark()
        .map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + problem)
        .orElse(problem);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  /** The matched entry and its three fields of interest. */
  private record Entry(
      MappingNode map, NodeTuple name, Optional<NodeTuple> digest, Optional<NodeTuple> newTag) {

    static Entry of(MappingNode map, SequenceNode images, String imageName) throws EditRefusal {
      if (map.getFlowStyle() == FlowStyle.FLOW || images.getFlowStyle() == FlowStyle.FLOW) {
        throw new EditRefusal(
            Reasons.TARGET_INVALID,
            "images[] entry named "
                + imageName
                + " at "
                + TextSplicer.where(map)
                + " is written in flow style ({...}); rewrite it as a block mapping");
      }
      NodeTuple name = field(map, "name").orElseThrow();
      Optional<NodeTuple> digest = field(map, "digest");
      Optional<NodeTuple> newTag = field(map, "newTag");
      boolean anchored =
          images.getAnchor().isPresent()
              || map.getAnchor().isPresent()
              || anchored(name)
              || digest.map(Entry::anchored).orElse(false)
              || newTag.map(Entry::anchored).orElse(false);
      if (anchored) {
        throw new EditRefusal(
            Reasons.TARGET_INVALID,
            "images[] entry named " + imageName + " uses YAML anchors or aliases; edit it by hand");
      }
      for (Optional<NodeTuple> t : List.of(digest, newTag)) {
        if (t.isPresent() && !isFlowScalar(t.get().getValueNode())) {
          throw new EditRefusal(
              Reasons.TARGET_INVALID,
              "value at "
                  + TextSplicer.where(t.get().getValueNode())
                  + " is not a single-line scalar");
        }
      }
      return new Entry(map, name, digest, newTag);
    }

    private static boolean anchored(NodeTuple t) {
      return t.getKeyNode().getAnchor().isPresent() || t.getValueNode().getAnchor().isPresent();
    }

    private static boolean isFlowScalar(Node node) {
      return node instanceof ScalarNode s
          && s.getScalarStyle() != ScalarStyle.LITERAL
          && s.getScalarStyle() != ScalarStyle.FOLDED;
    }

    /**
     * Whether the entry already renders {@code name[:tag]@digestValue}. Compared by digest: a
     * {@code newTag} beside the right digest (what {@code kustomize edit set image
     * name:tag@digest} writes), or a {@code newTag} of {@code tag@digest} alone, is a label on a
     * pin that holds, not something to remove.
     */
    boolean pins(String digestValue) {
      if (digest.isPresent()) {
        return ((ScalarNode) digest.get().getValueNode()).getValue().equals(digestValue);
      }
      if (newTag.isEmpty()) {
        return false;
      }
      String tag = ((ScalarNode) newTag.get().getValueNode()).getValue().strip();
      return tag.endsWith("@" + digestValue)
          && ImageValues.reference("image:" + tag)
              .filter(r -> digestValue.equals(r.digest()))
              .isPresent();
    }

    boolean hasNewName(String wanted) throws EditRefusal {
      return field(map, "newName")
          .filter(t -> t.getValueNode() instanceof ScalarNode s && s.getValue().equals(wanted))
          .isPresent();
    }

    /** The text with this entry's {@code newName} set (replaced, or inserted after the name). */
    String setNewName(String text, String newName) throws EditRefusal {
      TextSplicer s = new TextSplicer(text);
      Optional<NodeTuple> existing = field(map, "newName");
      if (existing.isPresent()) {
        if (anchored(existing.get()) || !isFlowScalar(existing.get().getValueNode())) {
          throw new EditRefusal(
              Reasons.TARGET_INVALID,
              "newName at " + TextSplicer.where(existing.get().getKeyNode()) + " cannot be edited");
        }
        return s.apply(List.of(s.replaceValue(existing.get(), newName)));
      }
      return s.apply(List.of(s.insertLineAfter(name, "newName: " + newName)));
    }

    /** Splices that make this entry pin {@code d}, by the rules in the class comment. */
    List<TextSplicer.Splice> edits(String text, String d) throws EditRefusal {
      TextSplicer s = new TextSplicer(text);
      if (newTag.isEmpty() && digest.isPresent()) {
        return List.of(s.replaceValue(digest.get(), d));
      }
      if (newTag.isEmpty()) {
        return List.of(s.insertLineAfter(name, "digest: " + d));
      }
      if (digest.isEmpty()) {
        // The digest takes newTag's place, which also works when newTag shares the "- " line.
        return List.of(s.replacePair(newTag.get(), "digest: " + d));
      }
      if (s.startsLine(newTag.get().getKeyNode())) {
        return List.of(s.replaceValue(digest.get(), d), s.deleteLines(newTag.get()));
      }
      ScalarNode old = (ScalarNode) digest.get().getValueNode();
      return List.of(
          s.replacePair(newTag.get(), "digest: " + TextSplicer.render(old.getScalarStyle(), d)),
          s.deleteLines(digest.get()));
    }
  }
}

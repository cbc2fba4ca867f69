package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.ImageRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Pins an image digest in plain Kubernetes YAML ({@code manifest}): every container, init
 * container and ephemeral container running the image in Deployments, StatefulSets, DaemonSets,
 * ReplicaSets, Jobs, CronJobs and Pods, in every document of the file (and in the items of a
 * {@code List}). Optional selectors narrow it to one kind, object name or container name. Each
 * {@code image:} becomes {@code name@sha256:…} with the name as written (or {@code newName}) and
 * the tag dropped; a container pinned to another digest is re-pinned. Pure: text in, text out.
 */
public final class ManifestEditor {
  /** Where each workload kind keeps its pod spec, below the object. */
  private static final Map<String, List<String>> POD_SPEC =
      Map.of(
          "pod", List.of("spec"),
          "deployment", List.of("spec", "template", "spec"),
          "statefulset", List.of("spec", "template", "spec"),
          "daemonset", List.of("spec", "template", "spec"),
          "replicaset", List.of("spec", "template", "spec"),
          "job", List.of("spec", "template", "spec"),
          "cronjob", List.of("spec", "jobTemplate", "spec", "template", "spec"));

  private static final List<String> CONTAINER_LISTS =
      List.of("initContainers", "containers", "ephemeralContainers");

  private ManifestEditor() {}

  /**
   * Pins {@code pinned}'s digest in every matching container.
   *
   * @param fileText the whole file, possibly several documents
   * @param imageName the image the containers run (compared canonically, tag ignored)
   * @param options {@code kind}, {@code name}, {@code container} selectors and {@code newName}
   * @param pinned the image with the digest to pin
   * @return Changed, Unchanged when every matching container already pins the digest, or Refused
   *     ({@code TargetNotFound} when no container runs the image)
   */
  public static EditResult pin(
      String fileText, String imageName, TargetOptions options, ImageRef pinned) {
    Objects.requireNonNull(fileText, "fileText");
    Objects.requireNonNull(imageName, "imageName");
    if (pinned.digest() == null) {
      throw new IllegalArgumentException("image to pin has no digest: " + pinned);
    }
    try {
      ImageValues.canonical(imageName, "target image " + imageName);
      YamlDocument doc = YamlDocument.parse(fileText, true);
      List<TextSplicer.Splice> edits = plan(doc, imageName, options, pinned.digest());
      if (edits.isEmpty()) {
        return new EditResult.Unchanged();
      }
      String newText = doc.splicer.apply(edits);
      if (!plan(YamlDocument.parse(newText, true), imageName, options, pinned.digest())
          .isEmpty()) {
        throw new EditRefusal(
            Reasons.TARGET_INVALID,
            "editing the containers of " + imageName + " did not give the expected pin");
      }
      return new EditResult.Changed(newText);
    } catch (EditRefusal r) {
      return new EditResult.Refused(r.reason(), r.getMessage());
    }
  }

  private static List<TextSplicer.Splice> plan(
      YamlDocument doc, String imageName, TargetOptions options, String digest)
      throws EditRefusal {
    List<TextSplicer.Splice> edits = new ArrayList<>();
    List<String> unparsed = new ArrayList<>();
    int matched = 0;
    for (Node root : doc.roots) {
      List<Node> objects = new ArrayList<>();
      if (root instanceof MappingNode map
          && YamlDocument.scalar(map, "kind").filter("List"::equals).isPresent()
          && YamlDocument.field(map, "items").map(NodeTuple::getValueNode).orElse(null)
              instanceof SequenceNode items) {
        objects.addAll(items.getValue());
      } else {
        objects.add(root);
      }
      for (Node object : objects) {
        matched += edit(doc, object, imageName, options, digest, edits, unparsed);
      }
    }
    if (matched == 0) {
      // A typo in an image line is the likeliest reason nothing matched; say which lines.
      throw new EditRefusal(
          Reasons.TARGET_NOT_FOUND,
          "no container runs image "
              + imageName
              + selectors(options)
              + (unparsed.isEmpty() ? "" : "; " + String.join("; ", unparsed)));
    }
    return edits;
  }

  /**
   * Adds the edits for one object and describes, in {@code unparsed}, containers whose image is not
   * a reference; returns how many containers run the image.
   */
  private static int edit(
      YamlDocument doc,
      Node object,
      String imageName,
      TargetOptions options,
      String digest,
      List<TextSplicer.Splice> edits,
      List<String> unparsed)
      throws EditRefusal {
    if (!(object instanceof MappingNode map)) {
      return 0;
    }
    Optional<String> kind = YamlDocument.scalar(map, "kind");
    if (kind.isEmpty()) {
      return 0;
    }
    List<String> specPath = POD_SPEC.get(kind.get().toLowerCase(Locale.ROOT));
    if (specPath == null
        || (options.kind() != null && !options.kind().equalsIgnoreCase(kind.get()))) {
      return 0;
    }
    Optional<String> name =
        YamlDocument.field(map, "metadata")
            .map(NodeTuple::getValueNode)
            .filter(MappingNode.class::isInstance)
            .flatMap(m -> scalarQuietly((MappingNode) m, "name"));
    if (options.name() != null && !name.filter(options.name()::equals).isPresent()) {
      return 0;
    }
    List<Node> path = new ArrayList<>();
    path.add(map);
    Node spec = map;
    for (String key : specPath) {
      if (!(spec instanceof MappingNode m)) {
        return 0;
      }
      Optional<NodeTuple> next = YamlDocument.field(m, key);
      if (next.isEmpty()) {
        return 0;
      }
      spec = next.get().getValueNode();
      path.add(spec);
    }
    if (!(spec instanceof MappingNode podSpec)) {
      return 0;
    }
    String label = kind.get() + "/" + name.orElse("?");
    int matched = 0;
    for (String list : CONTAINER_LISTS) {
      Optional<NodeTuple> containers = YamlDocument.field(podSpec, list);
      if (containers.isEmpty()
          || !(containers.get().getValueNode() instanceof SequenceNode seq)) {
        continue;
      }
      for (Node item : seq.getValue()) {
        if (!(item instanceof MappingNode container)) {
          continue;
        }
        Optional<String> containerName = YamlDocument.scalar(container, "name");
        if (options.container() != null
            && !containerName.filter(options.container()::equals).isPresent()) {
          continue;
        }
        Optional<NodeTuple> image = YamlDocument.field(container, "image");
        if (image.isEmpty() || !(image.get().getValueNode() instanceof ScalarNode value)) {
          continue;
        }
        String where = label + " " + list + " " + containerName.orElse("?") + " image";
        if (ImageValues.reference(value.getValue()).isEmpty()) {
          unparsed.add(
              "container "
                  + containerName.orElse("?")
                  + " of "
                  + label
                  + " has image \""
                  + value.getValue()
                  + "\", which is not an image reference");
          continue;
        }
        Optional<List<TextSplicer.Splice>> found =
            ImageValues.reference(
                doc, image.get(), where, imageName, options.newName(), digest, false);
        if (found.isPresent()) {
          matched++;
          if (!found.get().isEmpty()) {
            List<Node> all = new ArrayList<>(path);
            all.add(seq);
            all.add(container);
            all.add(value);
            doc.checkNotShared(all, where, options);
            edits.addAll(found.get());
          }
        }
      }
    }
    return matched;
  }

  private static Optional<String> scalarQuietly(MappingNode map, String key) {
    try {
      return YamlDocument.scalar(map, key);
    } catch (EditRefusal e) {
      return Optional.empty();
    }
  }

  private static String selectors(TargetOptions o) {
    List<String> parts = new ArrayList<>();
    if (o.kind() != null) {
      parts.add("kind " + o.kind());
    }
    if (o.name() != null) {
      parts.add("name " + o.name());
    }
    if (o.container() != null) {
      parts.add("container " + o.container());
    }
    return parts.isEmpty() ? "" : " (selected by " + String.join(", ", parts) + ")";
  }
}

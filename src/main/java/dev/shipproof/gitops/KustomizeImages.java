package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Adds a missing {@code images[]} entry (and the {@code images:} key) to a kustomization, in the
 * file's own list indentation: the prefix of the existing entries, else of another top-level list
 * ({@code resources:}), else {@code "- "}.
 */
final class KustomizeImages {
  private KustomizeImages() {}

  /** The text with an entry {@code name}, optional {@code newName}, {@code digest} appended. */
  static String addEntry(String text, String imageName, String newName, String digest)
      throws EditRefusal {
    YamlDocument doc = YamlDocument.parse(text, false);
    TextSplicer s = doc.splicer;
    String br = doc.lineBreak();
    MappingNode root = null;
    if (!doc.roots.isEmpty()) {
      if (!(doc.roots.get(0) instanceof MappingNode m)) {
        throw new EditRefusal(Reasons.TARGET_INVALID, "top level of the file is not a mapping");
      }
      root = m;
    }
    Optional<NodeTuple> images =
        root == null ? Optional.empty() : YamlDocument.field(root, "images");
    String prefix = "- ";
    int at;
    boolean withKey = false;
    if (images.isPresent() && images.get().getValueNode() instanceof SequenceNode seq) {
      if (seq.getFlowStyle() == FlowStyle.FLOW || seq.getValue().isEmpty()) {
        throw new EditRefusal(
            Reasons.TARGET_INVALID,
            "images: at " + TextSplicer.where(seq) + " is written in flow style; add the entry"
                + " for " + imageName + " by hand");
      }
      prefix = prefixOf(s, doc.text, seq.getValue().get(0));
      Node last = seq.getValue().get(seq.getValue().size() - 1);
      if (!(last instanceof MappingNode lastMap) || lastMap.getValue().isEmpty()
          || !(lastMap.getValue().get(lastMap.getValue().size() - 1).getValueNode()
              instanceof ScalarNode lastValue)) {
        throw new EditRefusal(
            Reasons.TARGET_INVALID,
            "the last images[] entry at " + TextSplicer.where(last) + " does not end in a scalar;"
                + " add the entry for " + imageName + " by hand");
      }
      at = s.lineEnd(s.contentEnd(s.offset(lastValue.getEndMark())));
    } else if (images.isPresent()
        && images.get().getValueNode() instanceof ScalarNode empty
        && empty.getValue().isEmpty()) {
      prefix = styleOf(s, doc.text, root);
      at = s.lineEnd(s.contentEnd(s.offset(images.get().getKeyNode().getEndMark())));
    } else if (images.isPresent()) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          "images: at " + TextSplicer.where(images.get().getValueNode()) + " is not a list");
    } else {
      prefix = root == null ? prefix : styleOf(s, doc.text, root);
      at = root == null ? text.length() : documentEnd(s, text, s.offset(root.getEndMark()));
      withKey = true;
    }
    String indent = " ".repeat(prefix.length());
    StringBuilder entry = new StringBuilder();
    if (withKey) {
      entry.append("images:").append(br);
    }
    entry.append(prefix).append("name: ").append(imageName);
    if (newName != null) {
      entry.append(br).append(indent).append("newName: ").append(newName);
    }
    entry.append(br).append(indent).append("digest: ").append(digest);
    boolean atEndWithoutBreak = at == text.length() && !text.isEmpty() && !text.endsWith("\n");
    // A file without a final newline keeps lacking one.
    String insert = atEndWithoutBreak ? br + entry : entry + br;
    return new StringBuilder(text).insert(at, insert).toString();
  }

  /**
   * Where the document ends: the start of a {@code ...} end marker line after {@code from}, else
   * the end of the text. Text appended after the marker would start a second document.
   */
  private static int documentEnd(TextSplicer s, String text, int from) {
    int line = s.lineStart(Math.min(from, text.length()));
    while (line < text.length()) {
      int nl = text.indexOf('\n', line);
      int end = nl < 0 ? text.length() : nl + 1;
      String l = text.substring(line, end);
      if (l.startsWith("...") && (l.length() == 3 || Character.isWhitespace(l.charAt(3))
          || l.charAt(3) == '#')) {
        return line;
      }
      line = end;
    }
    return text.length();
  }

  /** The {@code "  - "} text before an item on its line. */
  private static String prefixOf(TextSplicer s, String text, Node item) {
    int start = s.offset(item.getStartMark());
    String prefix = text.substring(s.lineStart(start), start);
    return prefix.matches(" *- +") ? prefix : "- ";
  }

  private static String styleOf(TextSplicer s, String text, MappingNode root) {
    for (NodeTuple t : root.getValue()) {
      if (t.getValueNode() instanceof SequenceNode seq
          && seq.getFlowStyle() == FlowStyle.BLOCK
          && !seq.getValue().isEmpty()) {
        return prefixOf(s, text, seq.getValue().get(0));
      }
    }
    return "- ";
  }
}

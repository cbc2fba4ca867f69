package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A key path into a YAML document: keys separated by {@code .}, list items by index ({@code
 * containers[0]}) or by a field's value ({@code parameters[name=image.tag]}, dots allowed inside
 * the brackets). Keys that themselves contain a dot cannot be addressed.
 */
record KeyPath(String text, List<Segment> segments) {

  sealed interface Segment {}

  record Key(String name) implements Segment {}

  record Index(int index) implements Segment {}

  record Select(String field, String value) implements Segment {}

  /** Where a path led: the last key/value pair and every node passed on the way. */
  record Found(NodeTuple pair, List<Node> nodes) {}

  static KeyPath parse(String text) throws EditRefusal {
    List<Segment> segments = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '[') {
        int close = text.indexOf(']', i);
        if (close < 0) {
          throw invalid(text, "unclosed [");
        }
        String inside = text.substring(i + 1, close);
        int eq = inside.indexOf('=');
        if (inside.matches("[0-9]{1,6}")) {
          segments.add(new Index(Integer.parseInt(inside)));
        } else if (eq > 0) {
          segments.add(new Select(inside.substring(0, eq), inside.substring(eq + 1)));
        } else {
          throw invalid(text, "[" + inside + "] is neither an index nor field=value");
        }
        i = close + 1;
        if (i < n && text.charAt(i) == '.') {
          i++;
          if (i == n) {
            throw invalid(text, "ends with .");
          }
        }
      } else {
        int end = i;
        while (end < n && text.charAt(end) != '.' && text.charAt(end) != '[') {
          end++;
        }
        if (end == i) {
          throw invalid(text, "empty key");
        }
        segments.add(new Key(text.substring(i, end)));
        i = end;
        if (i < n && text.charAt(i) == '.') {
          i++;
          if (i == n) {
            throw invalid(text, "ends with .");
          }
        }
      }
    }
    if (segments.isEmpty() || !(segments.get(segments.size() - 1) instanceof Key)) {
      throw invalid(text, "must end with a key");
    }
    return new KeyPath(text, List.copyOf(segments));
  }

  private static EditRefusal invalid(String text, String why) {
    return new EditRefusal(Reasons.TARGET_INVALID, "key path \"" + text + "\" is invalid: " + why);
  }

  /**
   * Follows the path from {@code root}. Empty when its first key is absent (the document is not
   * the one addressed); a refusal when it breaks off later, is ambiguous or crosses a {@code <<}
   * merge.
   */
  Optional<Found> find(Node root) throws EditRefusal {
    List<Node> nodes = new ArrayList<>();
    Node current = root;
    NodeTuple pair = null;
    StringBuilder walked = new StringBuilder();
    for (int s = 0; s < segments.size(); s++) {
      Segment segment = segments.get(s);
      nodes.add(current);
      if (segment instanceof Key k) {
        if (s == 0 && !(current instanceof MappingNode)) {
          return Optional.empty();
        }
        if (!(current instanceof MappingNode map)) {
          throw new EditRefusal(
              Reasons.TARGET_INVALID,
              "key path " + text + ": " + describe(walked) + " is not a map");
        }
        Optional<NodeTuple> next = YamlDocument.field(map, k.name());
        if (walked.length() > 0) {
          walked.append('.');
        }
        walked.append(k.name());
        if (next.isEmpty()) {
          if (YamlDocument.hasMerge(map)) {
            throw new EditRefusal(
                Reasons.TARGET_INVALID,
                "key "
                    + walked
                    + " is not written in the map at "
                    + TextSplicer.where(map)
                    + ", which has a << merge; a merged value is edited at its anchor, by hand");
          }
          if (s == 0) {
            return Optional.empty();
          }
          throw new EditRefusal(Reasons.TARGET_NOT_FOUND, "no key " + walked);
        }
        pair = next.get();
        current = pair.getValueNode();
      } else if (segment instanceof Index ix) {
        SequenceNode seq = sequence(current, walked);
        walked.append('[').append(ix.index()).append(']');
        if (ix.index() >= seq.getValue().size()) {
          throw new EditRefusal(Reasons.TARGET_NOT_FOUND, "no item " + walked);
        }
        current = seq.getValue().get(ix.index());
      } else if (segment instanceof Select sel) {
        SequenceNode seq = sequence(current, walked);
        walked.append('[').append(sel.field()).append('=').append(sel.value()).append(']');
        List<Node> matches = new ArrayList<>();
        for (Node item : seq.getValue()) {
          if (item instanceof MappingNode m
              && YamlDocument.scalar(m, sel.field()).filter(sel.value()::equals).isPresent()) {
            matches.add(item);
          }
        }
        if (matches.isEmpty()) {
          throw new EditRefusal(Reasons.TARGET_NOT_FOUND, "no item " + walked);
        }
        if (matches.size() > 1) {
          throw new EditRefusal(
              Reasons.TARGET_INVALID,
              "ambiguous: " + matches.size() + " items match " + walked + "; refusing to guess");
        }
        current = matches.get(0);
      }
    }
    nodes.add(current);
    return Optional.of(new Found(pair, nodes));
  }

  private SequenceNode sequence(Node node, StringBuilder walked) throws EditRefusal {
    if (!(node instanceof SequenceNode seq)) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID, "key path " + text + ": " + describe(walked) + " is not a list");
    }
    return seq;
  }

  private static String describe(StringBuilder walked) {
    return walked.length() == 0 ? "the top level" : walked.toString();
  }
}

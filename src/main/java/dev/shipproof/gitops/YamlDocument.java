package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * A YAML file parsed with limits, for the editors that splice scalars: the composed documents, the
 * anchors that some alias refers to, and a {@link TextSplicer} on the original text.
 *
 * <p>Hostile input is refused before composing: the event stream is read once (iteratively) to
 * count nesting, aliases and documents, so a billion-laughs file or a deeply nested one costs one
 * linear pass. Composing never expands aliases (an alias is the same {@link Node} object), and the
 * editors only walk the few paths they need.
 */
final class YamlDocument {
  /** Values files and manifests can be large; a 50 MB file is not one a person edits. */
  static final int MAX_CODE_POINTS = 8 * 1024 * 1024;

  static final int MAX_ALIASES = 256;
  static final int MAX_DOCUMENTS = 10_000;

  final String text;
  final List<Node> roots;
  final Set<String> aliased;
  final TextSplicer splicer;

  private YamlDocument(String text, List<Node> roots, Set<String> aliased) {
    this.text = text;
    this.roots = roots;
    this.aliased = aliased;
    this.splicer = new TextSplicer(text);
  }

  /**
   * Parses {@code text}; {@code multi} allows several documents separated by {@code ---}. Empty
   * documents are dropped.
   */
  static YamlDocument parse(String text, boolean multi) throws EditRefusal {
    YamlLimits limits =
        new YamlLimits(
            MAX_CODE_POINTS, MAX_ALIASES, multi ? MAX_DOCUMENTS : 1, "this format expects one");
    limits.checkSize(text);
    LoadSettings settings = limits.settings("target");
    try {
      Set<String> aliased = limits.check(new Parse(settings).parseString(text));
      List<Node> roots = new ArrayList<>();
      for (Node node : new Compose(settings).composeAllFromString(text)) {
        if (node != null) {
          roots.add(node);
        }
      }
      return new YamlDocument(text, roots, aliased);
    } catch (MarkedYamlEngineException e) {
      throw new EditRefusal(Reasons.TARGET_INVALID, "invalid YAML" + describe(text, e));
    } catch (YamlEngineException e) {
      throw new EditRefusal(Reasons.TARGET_INVALID, "invalid YAML: " + firstLine(e.getMessage()));
    }
  }

  /** The single key named {@code key}, refusing duplicates (the composer keeps them). */
  static Optional<NodeTuple> field(MappingNode map, String key) throws EditRefusal {
    NodeTuple found = null;
    for (NodeTuple t : map.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        if (found != null) {
          throw new EditRefusal(
              Reasons.TARGET_INVALID,
              "duplicate key \""
                  + key
                  + "\" (at "
                  + TextSplicer.where(found.getKeyNode())
                  + " and "
                  + TextSplicer.where(t.getKeyNode())
                  + ")");
        }
        found = t;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The scalar value of {@code key}, when present and a scalar. */
  static Optional<String> scalar(MappingNode map, String key) throws EditRefusal {
    return field(map, key)
        .map(NodeTuple::getValueNode)
        .filter(ScalarNode.class::isInstance)
        .map(n -> ((ScalarNode) n).getValue());
  }

  /** Whether {@code map} has a {@code <<} merge key. */
  static boolean hasMerge(MappingNode map) {
    return map.getValue().stream()
        .anyMatch(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("<<"));
  }

  /**
   * Refuses when a node on the way to an edit carries an anchor that an alias refers to: changing
   * it would silently change every place that aliases it.
   */
  void checkNotShared(List<Node> path, String what, TargetOptions options) throws EditRefusal {
    for (Node node : path) {
      Optional<String> anchor = node.getAnchor().map(a -> a.getValue());
      if (anchor.isPresent()
          && aliased.contains(anchor.get())
          && !anchor.get().equals(options.anchor())) {
        throw new EditRefusal(
            Reasons.TARGET_INVALID,
            what
                + " is inside the anchor &"
                + anchor.get()
                + " at "
                + TextSplicer.where(node)
                + ", which is aliased elsewhere; editing it would change those places too,"
                + " so edit it by hand or name the anchor in the target");
      }
    }
  }

  /**
   * Replaces a scalar's text with {@code value}, keeping its quoting. A block scalar ({@code |} or
   * {@code >}) is refused: it spans lines and a digest never needs one.
   */
  TextSplicer.Splice replaceScalar(NodeTuple pair, String value) throws EditRefusal {
    if (!(pair.getValueNode() instanceof ScalarNode node)) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          "value at " + TextSplicer.where(pair.getValueNode()) + " is not a scalar");
    }
    if (node.getScalarStyle() == ScalarStyle.LITERAL
        || node.getScalarStyle() == ScalarStyle.FOLDED) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          "value at " + TextSplicer.where(node) + " is a multi-line block scalar; edit it by hand");
    }
    int markStart = splicer.offset(node.getStartMark());
    int start = splicer.skipProperties(markStart);
    int end = splicer.offset(node.getEndMark());
    if (start >= end && start != markStart) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          "value at " + TextSplicer.where(node) + " is empty but has an anchor or tag; edit it by"
              + " hand");
    }
    if (start >= end) {
      // An empty value ("tag:"): write after the colon.
      int colon = text.indexOf(':', splicer.offset(pair.getKeyNode().getEndMark()));
      return new TextSplicer.Splice(colon + 1, colon + 1, " " + value);
    }
    return new TextSplicer.Splice(start, end, TextSplicer.render(node.getScalarStyle(), value));
  }

  /** "\r\n" when the file's first line ends so, else "\n". */
  String lineBreak() {
    int nl = text.indexOf('\n');
    return nl > 0 && text.charAt(nl - 1) == '\r' ? "\r\n" : "\n";
  }

  private static String describe(String text, MarkedYamlEngineException e) {
    String problem = e.getProblem() == null ? "" : ": " + firstLine(e.getProblem());
    return e.getProblemMark()
        .map(
            m ->
                " at line "
                    + (m.getLine() + 1)
                    + ", column "
                    + (m.getColumn() + 1)
                    + problem
                    + tabHint(text, m.getLine()))
        .orElse(problem);
  }

  /** SnakeYAML's message for a tab is about tokens; say what a person did. */
  private static String tabHint(String text, int line) {
    String[] lines = text.split("\n", -1);
    if (line < lines.length) {
      String l = lines[line];
      int i = 0;
      while (i < l.length() && l.charAt(i) == ' ') {
        i++;
      }
      if (i < l.length() && l.charAt(i) == '\t') {
        return " (a tab is used as indentation; YAML allows only spaces)";
      }
    }
    return "";
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}

package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Text positions and splices for {@link KustomizeEditor}. SnakeYAML Engine marks count code points;
 * this class converts them to UTF-16 offsets, so text with characters outside the BMP (emoji in
 * comments) is cut at the right place.
 */
final class TextSplicer {
  private static final Pattern REST_OF_LINE = Pattern.compile("[ \\t]*(?:#.*)?");

  record Splice(int start, int end, String replacement) {}

  private final String text;
  private final boolean bmpOnly;

  TextSplicer(String text) {
    this.text = text;
    this.bmpOnly = text.codePointCount(0, text.length()) == text.length();
  }

  static String render(ScalarStyle style, String value) {
    return switch (style) {
      case DOUBLE_QUOTED -> '"' + value + '"';
      case SINGLE_QUOTED -> '\'' + value + '\'';
      default -> value;
    };
  }

  int offset(Optional<Mark> mark) {
    int index = mark.orElseThrow(() -> new IllegalStateException("no marks")).getIndex();
    return bmpOnly ? index : text.offsetByCodePoints(0, index);
  }

  int lineStart(int pos) {
    return text.lastIndexOf('\n', pos - 1) + 1;
  }

  /** End of the line's content, before its CRLF or LF (or the end of the text). */
  int contentEnd(int pos) {
    int nl = text.indexOf('\n', pos);
    if (nl < 0) {
      return text.length();
    }
    return nl > 0 && text.charAt(nl - 1) == '\r' ? nl - 1 : nl;
  }

  /** Just after the line's terminator, or the end of the text when it has none. */
  int lineEnd(int pos) {
    int nl = text.indexOf('\n', pos);
    return nl < 0 ? text.length() : nl + 1;
  }

  boolean startsLine(Node key) {
    int start = offset(key.getStartMark());
    return text.substring(lineStart(start), start).isBlank();
  }

  private int valueEnd(NodeTuple pair) throws EditRefusal {
    int end = offset(pair.getValueNode().getEndMark());
    if (!REST_OF_LINE.matcher(text.substring(end, contentEnd(end))).matches()) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          "unexpected text after the value at " + where(pair.getValueNode()));
    }
    return end;
  }

  /** A node's start mark covers its anchor ({@code &a}) and tag ({@code !!str}): skip them. */
  int skipProperties(int start) {
    int i = start;
    while (i < text.length() && (text.charAt(i) == '&' || text.charAt(i) == '!')) {
      while (i < text.length() && " \t\r\n".indexOf(text.charAt(i)) < 0) {
        i++;
      }
      while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
        i++;
      }
    }
    return i;
  }

  Splice replaceValue(NodeTuple pair, String value) throws EditRefusal {
    ScalarNode node = (ScalarNode) pair.getValueNode();
    int start = Math.min(skipProperties(offset(node.getStartMark())), valueEnd(pair));
    int end = valueEnd(pair);
    if (start == end) {
      // An empty value ("digest:"): write after the colon.
      int colon = text.indexOf(':', offset(pair.getKeyNode().getEndMark()));
      return new Splice(colon + 1, colon + 1, " " + value);
    }
    return new Splice(start, end, render(node.getScalarStyle(), value));
  }

  /** Replaces {@code key: value # comment} with {@code replacement}, keeping the line. */
  Splice replacePair(NodeTuple pair, String replacement) throws EditRefusal {
    int start = offset(pair.getKeyNode().getStartMark());
    return new Splice(start, contentEnd(valueEnd(pair)), replacement);
  }

  /** Deletes the whole line(s) of a pair that starts its line, keeping the final newline state. */
  Splice deleteLines(NodeTuple pair) throws EditRefusal {
    if (!startsLine(pair.getKeyNode())) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          "cannot remove the key at " + where(pair.getKeyNode()) + " without touching others");
    }
    int start = lineStart(offset(pair.getKeyNode().getStartMark()));
    int end = lineEnd(valueEnd(pair));
    if (end == text.length() && !text.endsWith("\n") && start > 0) {
      // The last line had no terminator: drop the previous one so none appears.
      start--;
      if (start > 0 && text.charAt(start - 1) == '\r') {
        start--;
      }
    }
    return new Splice(start, end, "");
  }

  /** Inserts a new line after a pair, indented like its key. */
  Splice insertLineAfter(NodeTuple pair, String line) throws EditRefusal {
    int keyStart = offset(pair.getKeyNode().getStartMark());
    String indent =
        startsLine(pair.getKeyNode())
            ? text.substring(lineStart(keyStart), keyStart)
            : " ".repeat(keyStart - lineStart(keyStart));
    int contentEnd = contentEnd(valueEnd(pair));
    int end = lineEnd(contentEnd);
    String terminator = text.substring(contentEnd, end);
    if (terminator.isEmpty()) {
      return new Splice(end, end, lineBreak() + indent + line);
    }
    return new Splice(end, end, indent + line + terminator);
  }

  /** "line L, column C" of a node, 1-based, for messages. */
  static String where(Node node) {
    return node.getStartMark()
        .map(m -> "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
        .orElse("unknown position");
  }

  private String lineBreak() {
    int nl = text.indexOf('\n');
    return nl > 0 && text.charAt(nl - 1) == '\r' ? "\r\n" : "\n";
  }

  String apply(List<Splice> splices) {
    List<Splice> ordered =
        splices.stream().sorted(Comparator.comparingInt(Splice::start).reversed()).toList();
    StringBuilder out = new StringBuilder(text);
    int limit = Integer.MAX_VALUE;
    for (Splice s : ordered) {
      if (s.end() > limit) {
        throw new IllegalStateException("overlapping splices " + splices);
      }
      out.replace(s.start(), s.end(), s.replacement());
      limit = s.start();
    }
    return out.toString();
  }
}

package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;

/**
 * Counts, while the event stream is read once, how many nodes a YAML file would have if every
 * alias were expanded in place. Counting aliases alone misses the classic billion-laughs shape,
 * where 90 aliases nest into 10^9 nodes: any consumer that expands them (a chart renderer, a
 * {@code kubectl} that converts to JSON) would be the one to pay.
 */
final class AliasExpansion {
  /** More expanded nodes than a person would ever write in a deployment file. */
  static final long MAX_EXPANDED_NODES = 100_000;

  private final Map<String, Long> anchored = new HashMap<>();
  private final Deque<long[]> open = new ArrayDeque<>();
  private final Deque<Optional<Anchor>> openAnchors = new ArrayDeque<>();
  private long total;

  /** Accounts for one event; refuses once the expanded size passes the bound. */
  void accept(Event event) throws EditRefusal {
    switch (event.getEventId()) {
      case MappingStart, SequenceStart -> {
        open.push(new long[] {1});
        openAnchors.push(((CollectionStartEvent) event).getAnchor());
      }
      case MappingEnd, SequenceEnd -> {
        long size = open.pop()[0];
        remember(openAnchors.pop(), size);
        add(size, event);
      }
      case Scalar -> {
        remember(((ScalarEvent) event).getAnchor(), 1);
        add(1, event);
      }
      // An alias to an anchor not yet closed is recursive; the parser refuses those elsewhere.
      case Alias ->
          add(anchored.getOrDefault(((AliasEvent) event).getAlias().getValue(), 1L), event);
      default -> {}
    }
  }

  private void remember(Optional<Anchor> anchor, long size) {
    anchor.ifPresent(a -> anchored.put(a.getValue(), size));
  }

  private void add(long size, Event event) throws EditRefusal {
    long bounded = Math.min(size, MAX_EXPANDED_NODES + 1);
    if (open.isEmpty()) {
      total = Math.min(total + bounded, MAX_EXPANDED_NODES + 1);
    } else {
      long[] parent = open.peek();
      parent[0] = Math.min(parent[0] + bounded, MAX_EXPANDED_NODES + 1);
      bounded = parent[0];
    }
    if (bounded > MAX_EXPANDED_NODES || total > MAX_EXPANDED_NODES) {
      throw new EditRefusal(
          Reasons.TARGET_INVALID,
          "YAML aliases would expand to more than "
              + MAX_EXPANDED_NODES
              + " nodes"
              + event.getStartMark().map(m -> " (at line " + (m.getLine() + 1) + ")").orElse("")
              + "; refusing a file that consumers would have to expand");
    }
  }
}

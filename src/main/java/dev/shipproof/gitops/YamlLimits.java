package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import java.util.HashSet;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;

/**
 * The one linear pass over parser events that refuses hostile YAML before anything is composed:
 * nesting depth, alias count, alias expansion size and document count. Every editor runs it, so the
 * formats cannot drift apart in what they let through.
 *
 * @param maxCodePoints how large a file may be
 * @param maxAliases how many aliases a file may use
 * @param maxDocuments how many documents a file may hold
 * @param whyOneDocument for single-document formats, the sentence that says why (else unused)
 */
record YamlLimits(int maxCodePoints, int maxAliases, int maxDocuments, String whyOneDocument) {
  static final int MAX_DEPTH = 64;

  /** Refuses a file over the size bound before the parser sees it. */
  void checkSize(String text) throws EditRefusal {
    if (text.length() > maxCodePoints) {
      throw refusal("file is larger than " + maxCodePoints + " characters");
    }
  }

  /** Parser settings that hold the same bounds, with marks on so edits can be spliced. */
  LoadSettings settings(String label) {
    return LoadSettings.builder()
        .setLabel(label)
        .setCodePointLimit(maxCodePoints)
        .setMaxAliasesForCollections(maxAliases)
        .setAllowRecursiveKeys(false)
        .setUseMarks(true)
        .build();
  }

  /** Checks the events; returns the anchor names that some alias refers to. */
  Set<String> check(Iterable<Event> events) throws EditRefusal {
    int depth = 0;
    int aliases = 0;
    int documents = 0;
    AliasExpansion expansion = new AliasExpansion();
    Set<String> aliased = new HashSet<>();
    for (Event event : events) {
      expansion.accept(event);
      switch (event.getEventId()) {
        case MappingStart, SequenceStart -> {
          if (++depth > MAX_DEPTH) {
            throw refusal("nesting deeper than " + MAX_DEPTH + " levels" + at(event));
          }
        }
        case MappingEnd, SequenceEnd -> depth--;
        case Alias -> {
          if (++aliases > maxAliases) {
            throw refusal(
                "more than " + maxAliases + " YAML aliases" + at(event) + "; refusing to expand");
          }
          aliased.add(((AliasEvent) event).getAlias().getValue());
        }
        case DocumentStart -> {
          if (++documents > maxDocuments) {
            throw refusal(
                maxDocuments == 1
                    ? "more than one YAML document" + at(event) + "; " + whyOneDocument
                    : "more than " + maxDocuments + " YAML documents");
          }
        }
        default -> {}
      }
    }
    return aliased;
  }

  /** {@code " at line N"} for an event, or nothing when the parser gave no position. */
  static String at(Event event) {
    return event.getStartMark().map(m -> " at line " + (m.getLine() + 1)).orElse("");
  }

  private static EditRefusal refusal(String message) {
    return new EditRefusal(Reasons.TARGET_INVALID, message);
  }
}

package dev.shipproof.gitops;

import java.util.function.Consumer;

/**
 * Reaches the fault-injection seams of a {@link JgitWorkspace} from tests in other packages: a
 * consumer is told each step boundary a publish or rollback reaches ({@code fetched}, {@code
 * edited}, {@code committed} right before each push attempt, {@code pushed}) and may throw a
 * runtime exception there to model a crash, or move the branch to model a lost race.
 */
public final class WorkspaceFaults {
  /** The step names passed to the consumer. */
  public static final String FETCHED = "fetched";

  public static final String EDITED = "edited";
  public static final String COMMITTED = "committed";
  public static final String PUSHED = "pushed";

  private WorkspaceFaults() {}

  /** Routes every step boundary of {@code workspace} to {@code seam}. */
  public static void inject(JgitWorkspace workspace, Consumer<String> seam) {
    workspace.steps(
        step ->
            seam.accept(
                switch (step) {
                  case FETCHED -> FETCHED;
                  case EDITED -> EDITED;
                  case COMMITTED -> COMMITTED;
                  case PUSHED -> PUSHED;
                }));
  }
}

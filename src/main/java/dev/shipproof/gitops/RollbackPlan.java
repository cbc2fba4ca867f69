package dev.shipproof.gitops;

import java.util.List;

/** What a rollback would do on the branch as it is now; nothing is verified or pushed yet. */
public sealed interface RollbackPlan {

  /**
   * The rollback can go ahead once its target digest verifies.
   *
   * @param image the image name the commits pinned (as written in their trailers)
   * @param current the Shipproof commit that pinned the digest the tip runs now
   * @param target the newest Shipproof commit that pinned the digest to go back to
   * @param revert the commits to revert, newest first: the current one and every later pin of the
   *     same image down to (not including) the target; for {@code previous} just the current one
   */
  record Ready(String image, HistoryEntry current, HistoryEntry target, List<String> revert)
      implements RollbackPlan {
    /** Copies the list. */
    public Ready {
      revert = List.copyOf(revert);
    }
  }

  /**
   * This rollback's own commit is already on the branch (an earlier run pushed it and its result
   * was lost). Nothing needs doing.
   *
   * @param landed the commit it pushed
   * @param superseded whether the tip no longer pins what it pinned (a newer pin replaced it)
   */
  record AlreadyLanded(HistoryEntry landed, boolean superseded) implements RollbackPlan {
    /** A landed rollback whose pin is still current. */
    public AlreadyLanded(HistoryEntry landed) {
      this(landed, false);
    }
  }

  /**
   * The tip already runs the requested digest.
   *
   * @param current the Shipproof commit that pinned it
   */
  record AlreadyThere(HistoryEntry current) implements RollbackPlan {}

  /**
   * No rollback can be planned; final until the branch changes.
   *
   * @param reason a constant of {@link dev.shipproof.api.v1alpha1.Reasons}
   * @param message what was found, in plain words
   */
  record Refused(String reason, String message) implements RollbackPlan {}
}

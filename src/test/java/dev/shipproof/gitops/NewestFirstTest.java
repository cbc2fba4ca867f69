package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewestFirstTest {
  @TempDir Path tmp;

  @Test
  void neverListsACommitBeforeItsDescendantsWhateverTheClocksSaid() throws Exception {
    Random random = new Random(31L);
    Instant base = Instant.parse("2026-12-04T10:00:00Z");
    try (Git git = Git.init().setDirectory(tmp.toFile()).call()) {
      List<ObjectId> made = new ArrayList<>();
      made.add(commit(git, "root", base));
      for (int i = 0; i < 200; i++) {
        Instant when = base.plusSeconds(random.nextInt(3600) - 1800);
        ObjectId from = made.get(random.nextInt(made.size()));
        if (random.nextInt(4) == 0 && made.size() > 2) {
          ObjectId other = made.get(random.nextInt(made.size()));
          git.reset().setMode(ResetCommand.ResetType.HARD).setRef(from.name()).call();
          var merged =
              git.merge()
                  .include(other)
                  .setFastForward(MergeCommand.FastForwardMode.NO_FF)
                  .setCommit(false)
                  .call();
          if (!merged.getMergeStatus().isSuccessful()) {
            continue;
          }
          made.add(commit(git, "merge " + i, when));
        } else {
          git.reset().setMode(ResetCommand.ResetType.HARD).setRef(from.name()).call();
          made.add(commit(git, "c" + i, when));
        }
      }

      try (RevWalk walk = new RevWalk(git.getRepository())) {
        for (ObjectId id : made) {
          walk.markStart(walk.parseCommit(id));
        }
        List<RevCommit> walked = new ArrayList<>();
        walk.forEach(walked::add);
        // The walk alone does list some commit before one of its children here.
        assertThat(parentBeforeChild(walked)).isTrue();

        List<RevCommit> ordered = NewestFirst.order(walked);

        assertThat(ordered).containsExactlyInAnyOrderElementsOf(walked);
        assertThat(parentBeforeChild(ordered)).isFalse();
      }
    }
  }

  @Test
  void keepsTheWalksOrderWhereNoCommitDescendsFromAnother() throws Exception {
    try (Git git = Git.init().setDirectory(tmp.toFile()).call()) {
      commit(git, "root", Instant.parse("2026-12-04T10:00:00Z"));
      commit(git, "a", Instant.parse("2026-12-04T10:01:00Z"));
      commit(git, "b", Instant.parse("2026-12-04T10:02:00Z"));
      try (RevWalk walk = new RevWalk(git.getRepository())) {
        walk.markStart(walk.parseCommit(git.getRepository().resolve("HEAD")));
        List<RevCommit> walked = new ArrayList<>();
        walk.forEach(walked::add);

        assertThat(NewestFirst.order(walked)).containsExactlyElementsOf(walked);
        assertThat(NewestFirst.order(walked.subList(1, 3)))
            .containsExactlyElementsOf(walked.subList(1, 3));
      }
    }
  }

  private static boolean parentBeforeChild(List<RevCommit> list) {
    Map<RevCommit, Integer> at = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      at.put(list.get(i), i);
    }
    for (RevCommit c : list) {
      for (RevCommit p : c.getParents()) {
        if (at.containsKey(p) && at.get(p) < at.get(c)) {
          return true;
        }
      }
    }
    return false;
  }

  private static ObjectId commit(Git git, String message, Instant when) throws Exception {
    var who = new PersonIdent("Someone", "s@example.com", when, ZoneOffset.UTC);
    return git.commit()
        .setAllowEmpty(true)
        .setMessage(message)
        .setAuthor(who)
        .setCommitter(who)
        .setSign(false)
        .call();
  }
}

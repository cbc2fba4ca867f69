package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Moving an exact work tree to another commit by its differing files only. */
class WorkTreeMoveTest {
  @TempDir Path tmp;
  private Git git;
  private Path root;
  private RevCommit first;

  @BeforeEach
  void setUp() throws Exception {
    root = tmp.resolve("clone");
    git = Git.init().setInitialBranch("main").setDirectory(root.toFile()).call();
    write("keep.txt", "unchanged\n");
    write("gone.txt", "deleted later\n");
    write("apps/api/kustomization.yaml", "images: []\n");
    first = commitAll("first");
  }

  @AfterEach
  void tearDown() {
    git.close();
  }

  @Test
  void rewritesOnlyTheChangedFilesAndLeavesTheCloneExactlyAtTheTip() throws Exception {
    RevCommit tip = otherCommit();
    Path keep = root.resolve("keep.txt");
    var keepTime = Files.getLastModifiedTime(keep);

    boolean moved = WorkTreeMove.move(git.getRepository(), "main", first, tip);

    assertThat(moved).isTrue();
    assertThat(git.getRepository().resolve("refs/heads/main")).isEqualTo(tip);
    assertThat(read("apps/api/kustomization.yaml")).isEqualTo("images: [changed]\n");
    assertThat(read("apps/new/kustomization.yaml")).isEqualTo("images: [new]\n");
    assertThat(root.resolve("gone.txt")).doesNotExist();
    assertThat(Files.getLastModifiedTime(keep)).as("untouched").isEqualTo(keepTime);
    assertThat(git.status().call().isClean()).isTrue();
  }

  @Test
  void movesACloneThatHoldsOneCommitOfOursOnTopOfWhereItWasLeft() throws Exception {
    write("apps/api/kustomization.yaml", "images: [ours]\n");
    commitAll("ours, rejected by the remote");
    RevCommit tip = otherCommit();

    assertThat(WorkTreeMove.move(git.getRepository(), "main", first, tip)).isTrue();

    assertThat(read("apps/api/kustomization.yaml")).isEqualTo("images: [changed]\n");
    assertThat(git.status().call().isClean()).isTrue();
  }

  @Test
  void refusesACloneSomeoneElseCommittedIn() throws Exception {
    write("keep.txt", "stale\n");
    commitAll("stale one");
    write("keep.txt", "stale two\n");
    RevCommit stale = commitAll("stale two");
    RevCommit tip = otherCommit();

    assertThat(WorkTreeMove.move(git.getRepository(), "main", first, tip)).isFalse();
    assertThat(git.getRepository().resolve("refs/heads/main")).isEqualTo(stale);
  }

  @Test
  void refusesASymlinkInTheDiffAndChangesNothing() throws Exception {
    RevCommit tip = commitOnSide(() -> Files.createSymbolicLink(root.resolve("link"), root));

    assertThat(WorkTreeMove.move(git.getRepository(), "main", first, tip)).isFalse();
    assertThat(git.getRepository().resolve("refs/heads/main")).isEqualTo(first);
    assertThat(root.resolve("link")).doesNotExist();
  }

  @Test
  void refusesWhenAGitattributesFileAppliesToAChangedFile() throws Exception {
    RevCommit tip =
        commitOnSide(
            () -> {
              write(".gitattributes", "*.yaml text eol=crlf\n");
              write("apps/api/kustomization.yaml", "images: [changed]\n");
            });

    assertThat(WorkTreeMove.move(git.getRepository(), "main", first, tip)).isFalse();
    assertThat(git.getRepository().resolve("refs/heads/main")).isEqualTo(first);
  }

  // --- helpers -------------------------------------------------------------------------------

  private interface Edit {
    void run() throws Exception;
  }

  /** A commit on top of the current branch, made elsewhere: the clone stays where it was. */
  private RevCommit otherCommit() throws Exception {
    return commitOnSide(
        () -> {
          write("apps/api/kustomization.yaml", "images: [changed]\n");
          write("apps/new/kustomization.yaml", "images: [new]\n");
          Files.delete(root.resolve("gone.txt"));
        });
  }

  private RevCommit commitOnSide(Edit edit) throws Exception {
    ObjectId before = git.getRepository().resolve("HEAD");
    edit.run();
    RevCommit side = commitAll("side");
    git.reset()
        .setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD)
        .setRef(before.name())
        .call();
    git.clean().setCleanDirectories(true).setForce(true).call();
    return side;
  }

  private RevCommit commitAll(String message) throws Exception {
    git.add().addFilepattern(".").call();
    git.add().setUpdate(true).addFilepattern(".").call();
    return git.commit().setMessage(message).setSign(false).call();
  }

  private void write(String path, String text) throws Exception {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private String read(String path) throws Exception {
    return Files.readString(root.resolve(path), StandardCharsets.UTF_8);
  }
}

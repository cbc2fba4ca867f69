package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.testing.GitFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JgitHistoryTest {
  @TempDir Path dir;

  @Test
  void readsTheNewestCommitsFirstWithTheirTrailers() throws Exception {
    GitFixture repo = GitFixture.kustomizeOverlay(dir.resolve("r.git"), List.of("x/api"));
    commit(repo, "one\n\nShipproof-Environment: staging\nShipproof-Digest: sha256:1\n");
    commit(repo, "two\n\nShipproof-Environment: staging\nShipproof-Digest: sha256:2\n");
    JgitHistory history = new JgitHistory(dir.resolve("cache"));

    List<HistoryCommit> all = history.read(repo.url(), "main", 10);
    List<HistoryCommit> newest = history.read(repo.url(), "main", 1);

    assertThat(all).hasSize(3);
    assertThat(all.get(0).trailer(CommitMessage.DIGEST)).isEqualTo("sha256:2");
    assertThat(all.get(1).trailer(CommitMessage.DIGEST)).isEqualTo("sha256:1");
    assertThat(all.get(0).isShipproofCommitFor("staging")).isTrue();
    assertThat(all.get(2).isShipproofCommitFor("staging")).isFalse();
    assertThat(all.get(0).parents()).containsExactly(all.get(1).sha());
    assertThat(newest).extracting(HistoryCommit::sha).containsExactly(repo.head().name());
  }

  @Test
  void seesCommitsPushedAfterTheFirstRead() throws Exception {
    GitFixture repo = GitFixture.kustomizeOverlay(dir.resolve("r.git"), List.of("x/api"));
    JgitHistory history = new JgitHistory(dir.resolve("cache"));
    history.read(repo.url(), "main", 10);
    commit(repo, "later\n\nShipproof-Environment: staging\n");

    assertThat(history.read(repo.url(), "main", 10).get(0).sha()).isEqualTo(repo.head().name());
  }

  @Test
  void findsACommitOnTheBranchBeyondTheDepthRead() throws Exception {
    GitFixture repo = GitFixture.kustomizeOverlay(dir.resolve("r.git"), List.of("x/api"));
    String seed = repo.head().name();
    commit(repo, "a\n");
    commit(repo, "b\n");
    JgitHistory history = new JgitHistory(dir.resolve("cache"));
    history.read(repo.url(), "main", 1);

    assertThat(history.onBranch(repo.url(), "main", seed)).map(HistoryCommit::sha).contains(seed);
    assertThat(history.onBranch(repo.url(), "main", "0".repeat(40))).isEmpty();
    assertThat(history.onBranch(repo.url(), "main", "not-a-sha")).isEmpty();
  }

  @Test
  void readsALandingThatAMergeMadeTheSecondParent() throws Exception {
    GitFixture repo = GitFixture.kustomizeOverlay(dir.resolve("r.git"), List.of("x/api"));
    String side =
        repo.mergeSideCommit("pr\n\nShipproof-Environment: staging\nShipproof-Digest: sha256:9\n")
            .name();
    JgitHistory history = new JgitHistory(dir.resolve("cache"));

    List<HistoryCommit> all = history.read(repo.url(), "main", 10);

    assertThat(all).extracting(HistoryCommit::sha).contains(side);
    assertThat(all.get(0).parents()).hasSize(2).contains(side);
    assertThat(history.onBranch(repo.url(), "main", side)).map(HistoryCommit::sha).contains(side);
  }

  @Test
  void aMissingBranchHasNoHistory() throws Exception {
    GitFixture repo = GitFixture.kustomizeOverlay(dir.resolve("r.git"), List.of("x/api"));

    assertThat(new JgitHistory(dir.resolve("cache")).read(repo.url(), "release", 10)).isEmpty();
  }

  @Test
  void anUnreachableRepositoryIsAnOutageWithoutCredentialsInTheMessage() {
    JgitHistory history = new JgitHistory(dir.resolve("cache"));
    String url = "https://user:s3cr3t@127.0.0.1:1/none.git";

    assertThatThrownBy(() -> history.read(url, "main", 10))
        .isInstanceOf(GitException.class)
        .hasMessageContaining("fetching https://***@127.0.0.1:1/none.git")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void withTrailerAppendsOnceAndKeepsTheMessageReadable() {
    String message = "promote api to prod: sha256:1\n\nShipproof-Digest: sha256:1\n";

    String once = CommitMessage.withTrailer(message, CommitMessage.OVERRIDE, "INC-1\nhotfix");
    String twice = CommitMessage.withTrailer(once, CommitMessage.OVERRIDE, "INC-1 hotfix");

    assertThat(CommitMessage.trailers(once))
        .containsEntry(CommitMessage.OVERRIDE, "INC-1 hotfix")
        .containsEntry(CommitMessage.DIGEST, "sha256:1");
    assertThat(twice).isEqualTo(once);
  }

  private static void commit(GitFixture repo, String message) throws Exception {
    Path work = Files.createTempDirectory("history-commit-");
    try (Git git = Git.cloneRepository().setURI(repo.url()).setDirectory(work.toFile()).call()) {
      Files.writeString(work.resolve("NOTE"), message + System.nanoTime(), StandardCharsets.UTF_8);
      git.add().addFilepattern("NOTE").call();
      PersonIdent who = new PersonIdent("Ops", "ops@example.com");
      git.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
      git.push().setRemote("origin").setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
    }
  }
}

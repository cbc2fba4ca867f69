package dev.shipproof.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.gitops.JgitWorkspace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The git benchmark's code on tiny parameters, so it keeps working; no timing is asserted (the
 * figures come from {@code bench/run-git-bench}).
 */
class GitBenchSmokeTest {
  @TempDir Path tmp;

  @Test
  void promoteAndScaleSectionsPushEveryIterationOnTinyRepositories() throws Exception {
    var sizes = new GitBench.Sizes(1, 2, List.of(5, 12), 20, 12);

    double[] medians = GitBench.promote(tmp.resolve("cache"), tmp, sizes);
    double[] ratio = GitBench.scale(tmp.resolve("cache"), tmp, sizes);

    assertThat(medians).hasSize(4);
    assertThat(java.util.Arrays.stream(medians).min().orElseThrow()).isPositive();
    assertThat(ratio[0]).isPositive().isFinite();
  }

  @Test
  void gitServesPushesThroughGitsOwnReceivePack() throws Exception {
    // git's receive-pack runs the repository's hooks; JGit's in-process server never does.
    Path bare = BenchRepos.copy(tmp.resolve("cache"), tmp, 3, 2, null);
    Path marker = tmp.resolve("served-by-git");
    Path hook = bare.resolve("hooks/post-receive");
    Files.createDirectories(hook.getParent());
    Files.writeString(hook, "#!/bin/sh\ntouch '" + marker + "'\n");
    hook.toFile().setExecutable(true);
    JgitWorkspace served =
        new JgitWorkspace(
            tmp.resolve("clones"), Clock.systemUTC(), d -> {}, LocalGitServer.gitServes());
    JgitWorkspace inProcess = new JgitWorkspace(tmp.resolve("in-process"));

    GitBench.ours(inProcess, bare.toUri().toString(), BenchRepos.path(0), BenchRepos.image(0));
    boolean afterInProcess = Files.exists(marker);
    GitBench.ours(served, bare.toUri().toString(), BenchRepos.path(0), BenchRepos.image(0));

    assertThat(afterInProcess).isFalse();
    assertThat(marker).exists();
  }

  @Test
  void generatedRepositoryIsCachedByItsParameters() throws Exception {
    Path first = BenchRepos.cached(tmp, 7, 3, null);
    Path again = BenchRepos.cached(tmp, 7, 3, null);
    Path other = BenchRepos.cached(tmp, 7, 4, null);

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void throughputSectionLandsEveryPromotionAsOneCommit() throws Exception {
    var bytes = new ByteArrayOutputStream();
    ReconcilerThroughput.Result result;
    try (var out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      // Two promotions per environment with different digests: each pushes in either order.
      result = ReconcilerThroughput.run(tmp.resolve("cache"), tmp, 2, 2, 8, 4, out);
    }

    assertThat(result.succeeded()).as(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(8);
    assertThat(result.pushed()).isEqualTo(8);
    assertThat(result.distinctCommits()).isEqualTo(8);
    assertThat(result.newCommits()).isEqualTo(8);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("all Succeeded and each pushed exactly one commit: yes");
  }
}

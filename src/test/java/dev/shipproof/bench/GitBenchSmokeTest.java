package dev.shipproof.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    assertThat(medians).hasSize(3);
    assertThat(java.util.Arrays.stream(medians).min().orElseThrow()).isPositive();
    assertThat(ratio[0]).isPositive().isFinite();
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

package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.promote.PromotionOutage;
import dev.shipproof.testing.EvidenceFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustRootsTest {
  @TempDir Path tmp;

  @Test
  void reconcilesStartingTogetherShareOneParsedRoot() throws Exception {
    TrustRoots roots =
        new TrustRoots(
            Optional.of(EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json")));
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<TrustRoot>> got = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        got.add(
            pool.submit(
                () -> {
                  start.await();
                  return roots.forEnvironment(null, environmentWithoutRoot());
                }));
      }
      start.countDown();
      TrustRoot first = got.get(0).get();
      for (Future<TrustRoot> f : got) {
        assertThat(f.get()).isSameAs(first);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anEditedRootIsReadAgainAndABrokenOneIsAnOutageNamingIt() throws Exception {
    Path file = tmp.resolve("root.json");
    Files.copy(EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json"), file);
    TrustRoots roots = new TrustRoots(Optional.of(file));
    TrustRoot before = roots.forEnvironment(null, environmentWithoutRoot());

    Files.writeString(file, "{\"mediaType\": 1");

    assertThatThrownBy(() -> roots.forEnvironment(null, environmentWithoutRoot()))
        .isInstanceOf(PromotionOutage.class)
        .hasMessageContaining("trusted root file " + file + " is not a valid trusted root")
        .extracting(e -> ((PromotionOutage) e).reason())
        .isEqualTo(Reasons.TRUSTED_ROOT_UNAVAILABLE);
    assertThat(before).isNotNull();
  }

  private static dev.shipproof.api.v1alpha1.Environment environmentWithoutRoot() {
    var env = new dev.shipproof.api.v1alpha1.Environment();
    var spec = new dev.shipproof.api.v1alpha1.EnvironmentSpec();
    spec.setPolicy(new dev.shipproof.api.v1alpha1.PolicySpec());
    env.setSpec(spec);
    return env;
  }
}

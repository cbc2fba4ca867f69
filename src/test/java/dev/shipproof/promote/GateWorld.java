package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.api.v1alpha1.UpstreamSpec;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.gitops.JgitHistory;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.policy.KitPolicy;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.GitFixture;
import dev.shipproof.testing.MovableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two environments in real bare repositories, staging and production (upstream: staging), served
 * from the fixture layout, and a clock the test moves.
 */
final class GateWorld {
  static final String IMAGE = "localhost:5000/acme/api";
  static final String SINGLE = EvidenceFixtures.SINGLE;
  static final String INDEX = EvidenceFixtures.INDEX;

  final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
  final GitFixture staging;
  final GitFixture production;
  final TrustRoot trust;
  final Promoter promoter;
  final List<String> steps = new ArrayList<>();
  private final AtomicInteger uids = new AtomicInteger();

  GateWorld(Path dir) throws Exception {
    staging = GitFixture.kustomizeOverlay(dir.resolve("staging.git"), List.of(IMAGE));
    production = GitFixture.kustomizeOverlay(dir.resolve("production.git"), List.of(IMAGE));
    trust =
        TrustRoot.parse(
            Files.readAllBytes(
                EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json")));
    promoter =
        new Promoter(
            RegistryRouting.from(Map.of(IMAGE, EvidenceFixtures.layout("complete")), List.of()),
            new SigstoreEvidenceVerifier(),
            new JgitWorkspace(dir.resolve("clones"), clock, d -> {}, null),
            new UpstreamGate(new JgitHistory(dir.resolve("cache")), clock, SoakStart.COMMIT_TIME),
            ImageCopiers.registries());
  }

  EnvironmentSpec stagingSpec() {
    return spec(staging.url());
  }

  EnvironmentSpec productionSpec(String minSoak, boolean allowRolledBack) {
    EnvironmentSpec env = spec(production.url());
    UpstreamSpec upstream = new UpstreamSpec();
    upstream.setEnvironment("staging");
    upstream.setMinSoak(minSoak);
    upstream.setAllowRolledBack(allowRolledBack);
    env.setUpstream(upstream);
    return env;
  }

  static EnvironmentSpec spec(String url) {
    EnvironmentSpec env = new EnvironmentSpec();
    GitSpec git = new GitSpec();
    git.setUrl(url);
    env.setGit(git);
    TargetSpec target = new TargetSpec();
    target.setPath(GitFixture.OVERLAY);
    target.setImage(IMAGE);
    env.setTargets(new ArrayList<>(List.of(target)));
    env.setPolicy(KitPolicy.policy());
    return env;
  }

  Outcome toStaging(String digest) throws PromotionOutage {
    return promote("staging", stagingSpec(), digest, null, null);
  }

  Outcome toProduction(EnvironmentSpec production, String digest, String override)
      throws PromotionOutage {
    return promote(
        "production",
        production,
        digest,
        new UpstreamRecord("staging", stagingSpec(), null),
        override);
  }

  Outcome promote(
      String envName, EnvironmentSpec env, String digest, UpstreamRecord upstream, String override)
      throws PromotionOutage {
    var request =
        new PromotionRequest(
                "payments",
                envName + "-" + uids.incrementAndGet(),
                "uid-" + uids.get(),
                envName,
                env,
                IMAGE + "@" + digest,
                "test",
                trust)
            .withGates(override, upstream, null);
    return promoter.promote(request, (step, detail) -> steps.add(step + ": " + detail));
  }
}

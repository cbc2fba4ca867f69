package dev.shipproof.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.demo.Demo;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.gitops.CommitSigning;
import dev.shipproof.gitops.GitAccess;
import dev.shipproof.gitops.GitCredentials;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.GitFixture;
import dev.shipproof.testing.GitHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The promoter's git outcomes against a real git http-backend with basic auth. */
class PromoterGitHttpTest {
  private static final String IMAGE = PromoterTest.IMAGE;
  private static final String PASSWORD = "Secr3t-from-the-Secret-9f8e";

  @TempDir Path tmp;
  private GitHttpServer server;
  private GitFixture repo;
  private Path bare;
  private String url;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(GitHttpServer.available(), "git http-backend is not installed");
    Path root = tmp.resolve("srv");
    bare = root.resolve("deploy.git");
    repo = GitFixture.kustomizeOverlay(bare, List.of(IMAGE));
    GitHttpServer.allowPushes(bare, Map.of());
    server = GitHttpServer.withUser(root, "deployer", PASSWORD);
    url = server.url("deploy.git");
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  private Promoter promoter(int pushAttempts) {
    return new Promoter(
        RegistryRouting.from(Map.of(IMAGE, EvidenceFixtures.layout("complete")), List.of()),
        new SigstoreEvidenceVerifier(),
        new JgitWorkspace(tmp.resolve("cache"), Clock.systemUTC(), d -> {}, null, pushAttempts));
  }

  private PromotionRequest request(String password) throws Exception {
    EnvironmentSpec env = new EnvironmentSpec();
    GitSpec git = new GitSpec();
    git.setUrl(url);
    env.setGit(git);
    TargetSpec target = new TargetSpec();
    target.setPath(GitFixture.OVERLAY);
    target.setImage(IMAGE);
    env.setTargets(List.of(target));
    env.setPolicy(Demo.policy());
    TrustRoot trust =
        TrustRoot.parse(
            Files.readAllBytes(
                EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json")));
    return new PromotionRequest(
            "payments",
            "p",
            "uid-1",
            "production",
            env,
            IMAGE + "@" + PromoterTest.SINGLE,
            "why",
            trust)
        .withGitAccess(
            new GitAccess(new GitCredentials.Basic("deployer", password), CommitSigning.NONE));
  }

  @Test
  void wrongPasswordIsGitUnauthorizedAndRetried() throws Exception {
    ObjectId before = repo.head();
    Promoter promoter = promoter(5);

    assertThatThrownBy(() -> promoter.promote(request("old-" + PASSWORD), Progress.NONE))
        .isInstanceOfSatisfying(
            PromotionOutage.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.GIT_UNAUTHORIZED);
              assertThat(e.getMessage()).contains("not authorized").doesNotContain(PASSWORD);
            });
    assertThat(repo.head()).isEqualTo(before);

    // The retry after the Secret was fixed lands.
    Outcome outcome = promoter.promote(request(PASSWORD), Progress.NONE);
    assertThat(outcome).isInstanceOf(Outcome.Landed.class);
    assertThat(((Outcome.Landed) outcome).commit()).isEqualTo(repo.head().name());
    assertThat(repo.file(GitFixture.OVERLAY)).contains(PromoterTest.SINGLE);
  }

  @Test
  void hookRejectionIsFailedWithTheServersMessage() throws Exception {
    GitHttpServer.protectBranch(bare, "main");

    Outcome outcome = promoter(5).promote(request(PASSWORD), Progress.NONE);

    assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    var refused = (Outcome.Refused) outcome;
    assertThat(refused.reason()).isEqualTo(Reasons.PUSH_REJECTED);
    assertThat(refused.message()).contains("GH006: Protected branch update failed");
  }

  @Test
  void aBranchThatKeepsMovingIsBranchBusy() throws Exception {
    GitHttpServer.anotherWriterWinsRace(bare, "main", 100);

    assertThatThrownBy(() -> promoter(2).promote(request(PASSWORD), Progress.NONE))
        .isInstanceOfSatisfying(
            PromotionOutage.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.BRANCH_BUSY);
              assertThat(e.getMessage())
                  .contains("2 pushes lost the race")
                  .contains("cannot lock ref");
            });
  }
}

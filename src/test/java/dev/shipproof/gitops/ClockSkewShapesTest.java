package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.UpstreamSpec;
import dev.shipproof.model.ImageRef;
import dev.shipproof.promote.QuarantineLedger;
import dev.shipproof.promote.SoakStart;
import dev.shipproof.promote.UpstreamGate;
import dev.shipproof.promote.UpstreamRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Histories with merges and badly wrong committer clocks, written straight into a bare remote with
 * chosen parents and times: the upstream gate, and the quarantine at the tip when the window read
 * holds every commit. Known limit, kept out of these tests (docs/concepts.md, "Quarantine"): when
 * two clocks are wrong at once and the window ends between an override and a rollback made on top
 * of it, the window cannot tell which came first.
 */
class ClockSkewShapesTest {
  static final String PATH = RollbackMergeShapesTest.PATH;
  static final String IMAGE = RollbackMergeShapesTest.IMAGE;
  static final String D1 = RollbackMergeShapesTest.D1;
  static final String D2 = RollbackMergeShapesTest.D2;
  static final String D3 = RollbackMergeShapesTest.D3;
  static final String BAD = RollbackMergeShapesTest.D9;
  static final Instant NOW = Instant.parse("2026-12-04T10:15:30Z");
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  /** A dead RTC battery: 1970. */
  static final int ANCIENT = (int) -T0.getEpochSecond() + 5;

  @TempDir Path tmp;
  TestRemote remote;
  JgitWorkspace ws;
  WrittenHistory history;
  RevCommit root;

  @BeforeEach
  void setUp() throws Exception {
    remote =
        TestRemote.create(
            tmp,
            Map.of(PATH, RollbackMergeShapesTest.overlay("newTag: \"0.9.0\""), "README.md", "x\n"));
    ws = new JgitWorkspace(tmp.resolve("cache"), Clock.fixed(NOW, ZoneOffset.UTC), d -> {}, null);
    history = WrittenHistory.on(remote, T0);
    root = history.root();
  }

  @AfterEach
  void tearDown() {
    history.close();
    remote.close();
  }

  // ---- a slow-clocked commit between an override and a live rollback ---------------------------

  /**
   * RollbackMergeShapesTest's fast-clocked override shape, plus one docs commit M0 with a 1970
   * clock between the override O and the rollback R2. M0 is the last commit any walk reaches; with
   * it in the window, R2 is known to descend from O and its quarantine stands.
   */
  RevCommit overrideSlowDocsRollback(int fillers) throws Exception {
    RevCommit base = root;
    for (int i = 0; i < fillers; i++) {
      base = mk(-50_000 + i, "filler " + i, Map.of(), base);
    }
    RevCommit c1 = mk(100, RollbackMergeShapesTest.promote("r1", D1), pinned(D1), base);
    RevCommit p = mk(150, RollbackMergeShapesTest.promote("r2", D2), pinned(D2), c1);
    RevCommit r = mk(200, RollbackMergeShapesTest.rollback("rb1", D1, D2, p.name()), pinned(D1), p);
    RevCommit o = mk(900, RollbackMergeShapesTest.override("ov", D2), pinned(D2), r);
    RevCommit m0 = mk(ANCIENT, "typo fix (laptop clock at 1970)", Map.of("README.md", "m\n"), o);
    RevCommit r2 =
        mk(300, RollbackMergeShapesTest.rollback("rb2", D1, D2, o.name()), pinned(D1), m0);
    RevCommit z = mk(950, "docs", Map.of("README.md", "docs\n"), o);
    RevCommit tip = mk(1000, "Merge branch docs", Map.of("README.md", "docs\n"), r2, z);
    tip(tip);
    return tip;
  }

  /** The whole history in the window: the rollback made on top of the override wins. */
  @Test
  void aRollbackMadeOnTopOfAFastClockedOverrideKeepsItsQuarantine() throws Exception {
    overrideSlowDocsRollback(0);
    assertThat(ws.publish(forward(D2, 9))).isInstanceOf(PublishOutcome.Refused.class);
  }

  /** The gate reads every commit (990 fillers): a revert behind a 1970-clocked commit counts. */
  @Test
  void theGateSeesARevertLinkedToTheLandingThroughASlowClockedCommit() throws Exception {
    revertThroughSlowCommit(990);
    UpstreamGate.Result result = gate().check(upstreamSpec(), upstream(), D1);
    assertThat(result).as(result.message()).isInstanceOf(UpstreamGate.Result.Refused.class);
  }

  // ---- upstream gate
  // ------------------------------------------------------------------------------

  /**
   * Upstream (staging) main: L1 lands D1 (t100), R replaces it with D2 (t200). A side line from L1
   * carries a Shipproof landing L2 of D1 (t300), merged at t400 keeping main's D2. The tip pins D2:
   * D1 is no longer pinned. Newest first, L2 is the landing and nothing before it took it away.
   * (The first-parent read, M, R, L1, refused UpstreamNotPinned.)
   */
  @Test
  void theGateRefusesADigestASideLineRelandedButTheMergeDidNotKeep() throws Exception {
    RevCommit l1 = mk(100, staging("l1", D1, null), pinned(D1), root);
    RevCommit r = mk(200, staging("r", D2, null), pinned(D2), l1);
    RevCommit l2 = mk(300, staging("l2", D1, null), Map.of("NOTE", "again\n"), l1);
    tip(mk(400, "Merge branch 'side' (kept D2)", pinned(D2), r, l2));

    UpstreamGate.Result result = gate().check(upstreamSpec(), upstream(), D1);

    assertThat(result)
        .as("tip pins %s; %s", remote.read(PATH).contains(D2) ? "D2" : "?", result.message())
        .isInstanceOf(UpstreamGate.Result.Refused.class);
  }

  /**
   * The gate's depth (1000) cut just above a 1970-clocked commit between the landing L (fast clock,
   * t900) and its revert V (t300), merged in beside a docs line.
   */
  @Test
  void theGateRefusesADigestWhoseRevertIsLinkedToTheLandingOnlyThroughACutCommit()
      throws Exception {
    revertThroughSlowCommit(1000);

    UpstreamGate.Result result = gate().check(upstreamSpec(), upstream(), D1);

    assertThat(result).as(result.message()).isInstanceOf(UpstreamGate.Result.Refused.class);
  }

  void revertThroughSlowCommit(int fillers) throws Exception {
    RevCommit base = root;
    for (int i = 0; i < fillers; i++) {
      base = mk(-50_000 + i, "filler " + i, Map.of(), base);
    }
    RevCommit l = mk(900, staging("l", D1, null), pinned(D1), base);
    RevCommit m0 = mk(ANCIENT, "typo (1970 clock)", Map.of("README.md", "m\n"), l);
    RevCommit v = mk(300, staging("v", D3, l.name()), pinned(D3), m0);
    RevCommit z = mk(950, "docs", Map.of("README.md", "docs\n"), l);
    tip(mk(1000, "Merge pull request (revert)", Map.of("README.md", "docs\n"), v, z));
  }

  // ---- 4. rollback planning -------------------------------------------------------------------

  // ---- helpers --------------------------------------------------------------------------------

  static Map<String, String> pinned(String digest) {
    return RollbackMergeShapesTest.pinned(digest);
  }

  static String staging(String name, String digest, String revertOf) {
    var info =
        new PromotionInfo(
            "payments",
            name,
            name + "-uid",
            "staging",
            ImageRef.parse(IMAGE + "@" + digest),
            "release " + name,
            "sig");
    return revertOf == null
        ? CommitMessage.build(info)
        : CommitMessage.build(info, new CommitMessage.Extras(List.of(revertOf), null, null));
  }

  UpstreamGate gate() {
    return new UpstreamGate(
        new JgitHistory(tmp.resolve("hist")),
        Clock.fixed(NOW, ZoneOffset.UTC),
        SoakStart.COMMIT_TIME);
  }

  UpstreamSpec upstreamSpec() {
    UpstreamSpec s = new UpstreamSpec();
    s.setEnvironment("staging");
    return s;
  }

  UpstreamRecord upstream() {
    EnvironmentSpec spec = new EnvironmentSpec();
    GitSpec git = new GitSpec();
    git.setUrl(remote.url);
    git.setBranch(TestRemote.BRANCH);
    spec.setGit(git);
    return new UpstreamRecord("staging", spec, null);
  }

  RollbackQuery query() {
    return new RollbackQuery(
        remote.url,
        TestRemote.BRANCH,
        "production",
        List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
        new RollbackTo.Previous(),
        "rb",
        1000);
  }

  PublishRequest write(RollbackPlan.Ready plan) {
    ImageRef ref = ImageRef.parse(IMAGE + "@" + plan.target().digest());
    var i = new PromotionInfo("payments", "rb-x", "rb", "production", ref, "INC-1", "sig");
    String message =
        CommitMessage.build(
            i, new CommitMessage.Extras(plan.revert(), plan.current().digest(), null));
    return new PublishRequest(
        remote.url,
        TestRemote.BRANCH,
        "Shipproof",
        "shipproof@example.com",
        List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
        ref,
        message,
        "rb");
  }

  PublishRequest forward(String digest, int limit) {
    ImageRef ref = ImageRef.parse(IMAGE + "@" + digest);
    return new PublishRequest(
            remote.url,
            TestRemote.BRANCH,
            "Shipproof",
            "shipproof@example.com",
            List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
            ref,
            RollbackMergeShapesTest.promote("again", digest),
            "again-uid")
        .withGuard(
            new TipGuard(
                "production",
                limit,
                entries ->
                    QuarantineLedger.find(QuarantineLedger.rebuild(entries), digest).isPresent()
                        ? Optional.of(
                            new PublishOutcome.Refused(Reasons.DIGEST_QUARANTINED, "quarantined"))
                        : Optional.empty()));
  }

  static List<String> subjects(List<HistoryEntry> entries) {
    List<String> out = new ArrayList<>();
    for (HistoryEntry e : entries) {
      out.add(
          e.commit().substring(0, 7)
              + (e.isRollback() ? ":rb" : e.override() != null ? ":ov" : ""));
    }
    return out;
  }

  /** A commit at T0 + {@code t} seconds (see {@link WrittenHistory#commit}). */
  RevCommit mk(int t, String message, Map<String, String> changes, RevCommit... parents)
      throws Exception {
    return history.commit(t, message, changes, parents);
  }

  void tip(RevCommit c) throws Exception {
    history.moveBranch(c);
  }
}

package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.ImageRef;
import dev.shipproof.promote.QuarantineLedger;
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
 * Rollback planning, {@code history} and the quarantine on histories with merges, octopus merges
 * and skewed clocks. Histories are written straight into the bare remote with chosen parents and
 * committer times (seconds after T0, well before the workspace clock). The current pin is found
 * through every parent, newest first; what it replaced along its own first-parent line. Found by an
 * attack on the first every-parent version (64c9144), which restored hand-made pins that a side
 * line's pin happened to name, and lost a quarantine to an override with a fast clock.
 */
class RollbackMergeShapesTest {
  static final String PATH = "apps/api/overlays/production/kustomization.yaml";
  static final String IMAGE = "registry.example.com/payments/api";
  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);
  static final String D3 = "sha256:" + "3".repeat(64);
  static final String D5 = "sha256:" + "5".repeat(64);
  static final String D9 = "sha256:" + "9".repeat(64);
  static final Instant NOW = Instant.parse("2026-12-04T10:15:30Z");
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  @TempDir Path tmp;
  TestRemote remote;
  JgitWorkspace ws;
  WrittenHistory history;
  RevCommit root;

  @BeforeEach
  void setUp() throws Exception {
    remote = TestRemote.create(tmp, Map.of(PATH, overlay("newTag: \"0.9.0\""), "README.md", "x\n"));
    ws = new JgitWorkspace(tmp.resolve("cache"), Clock.fixed(NOW, ZoneOffset.UTC), d -> {}, null);
    history = WrittenHistory.on(remote, T0);
    root = history.root();
  }

  @AfterEach
  void tearDown() {
    history.close();
    remote.close();
  }

  // ---- history builders ----------------------------------------------------------------------

  static String overlay(String pin) {
    return "images:\n  - name: " + IMAGE + "\n    " + pin + "\n    # pinned by shipproof\n";
  }

  static Map<String, String> pinned(String digest) {
    return Map.of(PATH, overlay("digest: " + digest));
  }

  static String promote(String name, String digest) {
    return CommitMessage.build(info(name, digest));
  }

  static String rollback(String name, String to, String from, String revertOf) {
    return CommitMessage.build(
        info(name, to), new CommitMessage.Extras(List.of(revertOf), from, null));
  }

  static String override(String name, String digest) {
    return CommitMessage.build(
        info(name, digest), new CommitMessage.Extras(List.of(), null, "INC fixed, " + name));
  }

  static PromotionInfo info(String name, String digest) {
    return new PromotionInfo(
        "payments",
        name,
        name + "-uid",
        "production",
        ImageRef.parse(IMAGE + "@" + digest),
        "release " + name,
        "signature(key test)");
  }

  /** A commit at T0 + {@code t} seconds (see {@link WrittenHistory#commit}). */
  RevCommit mk(int t, String message, Map<String, String> changes, RevCommit... parents)
      throws Exception {
    return history.commit(t, message, changes, parents);
  }

  void tip(RevCommit c) throws Exception {
    history.moveBranch(c);
  }

  RollbackQuery query(RollbackTo to, String uid, int limit) {
    return new RollbackQuery(
        remote.url,
        TestRemote.BRANCH,
        "production",
        List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
        to,
        uid,
        limit);
  }

  RollbackQuery previous() {
    return query(new RollbackTo.Previous(), "rb", 1000);
  }

  PublishRequest write(RollbackPlan.Ready plan, String uid) {
    ImageRef ref = ImageRef.parse(IMAGE + "@" + plan.target().digest());
    var i = new PromotionInfo("payments", "rb-" + uid, uid, "production", ref, "INC-1", "sig");
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
        uid);
  }

  /** A forward promotion guarded by the product's quarantine rule at the tip. */
  PublishRequest forward(String digest) {
    ImageRef ref = ImageRef.parse(IMAGE + "@" + digest);
    return new PublishRequest(
            remote.url,
            TestRemote.BRANCH,
            "Shipproof",
            "shipproof@example.com",
            List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
            ref,
            promote("again", digest),
            "again-uid")
        .withGuard(
            new TipGuard(
                "production",
                10_000,
                entries ->
                    QuarantineLedger.find(QuarantineLedger.rebuild(entries), digest).isPresent()
                        ? Optional.of(
                            new PublishOutcome.Refused(Reasons.DIGEST_QUARANTINED, "quarantined"))
                        : Optional.empty()));
  }

  static String describe(RollbackPlan plan) {
    if (plan instanceof RollbackPlan.Ready r) {
      return "Ready current="
          + r.current().digest().substring(7, 8)
          + " target="
          + r.target().digest().substring(7, 8)
          + " revert="
          + r.revert().size();
    }
    if (plan instanceof RollbackPlan.Refused r) {
      return "Refused " + r.reason() + ": " + r.message();
    }
    return plan.toString();
  }

  List<String> digests(RollbackWorkspace.History h) {
    List<String> out = new ArrayList<>();
    for (HistoryEntry e : h.entries()) {
      out.add(
          (e.isRollback() ? "rb:" : e.override() != null ? "ov:" : "")
              + e.digest().substring(7, 8));
    }
    return out;
  }

  // ---- 1. a hand pin on the line before the current pin equals a side line's Shipproof pin ----

  /**
   *
   *
   * <pre>
   *   c1 (D1, Shipproof, t100) -- H (D9 by hand, t200) -- P (D2, Shipproof, t400) -- M (t500, D2)
   *     \                                                                           /
   *      O (D9, Shipproof, t300) --------------------------------------------------
   * </pre>
   *
   * P replaced a hand-made pin (H). Walking newest first, O (a side-line pin that never reached P's
   * line) comes right after P, and H happens to hold O's digest: the planner restores H's hand-made
   * pin. First-parent refused NoEarlierPin.
   */
  @Test
  void previousNeverRestoresAHandMadePinThatASideLinePinHappensToName() throws Exception {
    RevCommit c1 = mk(100, promote("r1", D1), pinned(D1), root);
    RevCommit hand = mk(200, "pin by hand", pinned(D9), c1);
    RevCommit p = mk(400, promote("r2", D2), pinned(D2), hand);
    RevCommit o = mk(300, promote("side", D9), pinned(D9), c1);
    tip(mk(500, "Merge branch side (kept D2)", pinned(D2), p, o));

    RollbackPlan plan = ws.plan(previous());
    if (plan instanceof RollbackPlan.Ready ready) {
      PublishOutcome outcome = ws.rollBack(previous(), ready, false, write(ready, "rb"));
      assertThat(outcome)
          .as(
              "pushed %s: the pin P replaced was made by hand (%s); %s",
              remote.read(PATH).contains(D9) ? "D9" : "?", hand.name(), describe(plan))
          .isNotInstanceOf(PublishOutcome.Pushed.class);
    }
    assertThat(plan)
        .as(describe(plan))
        .isInstanceOfSatisfying(
            RollbackPlan.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(Reasons.NO_EARLIER_PIN));
  }

  /** Same shape with {@code to: D9}: the chain passes the hand pin H. */
  @Test
  void toADigestNeverPassesAHandMadePinOnTheCurrentPinsLine() throws Exception {
    RevCommit c1 = mk(100, promote("r1", D1), pinned(D1), root);
    RevCommit hand = mk(200, "pin by hand", pinned(D9), c1);
    RevCommit p = mk(400, promote("r2", D2), pinned(D2), hand);
    RevCommit o = mk(300, promote("side", D9), pinned(D9), c1);
    tip(mk(500, "Merge branch side (kept D2)", pinned(D2), p, o));

    RollbackPlan plan = ws.plan(query(new RollbackTo.Digest(D9), "rb", 1000));

    assertThat(plan)
        .as(describe(plan))
        .isInstanceOfSatisfying(
            RollbackPlan.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(Reasons.NO_EARLIER_PIN));
  }

  // ---- 2. quarantine rebuilt in commit-time order: an ancestor's override outranks a rollback --

  /**
   *
   *
   * <pre>
   *   c1 D1 -- P D2 -- R rb(D2->D1) -- O override D2 (t900, fast clock) -- R2 rb(D2->D1) (t300) -- M (t1000, D1)
   *                                                                   \                           /
   *                                                                    Z docs (t950) -------------
   * </pre>
   *
   * R2 is a descendant of the override O: the last word on D2 is R2's rejection, live at the tip.
   * Newest-commit-time-first lists O before R2, so the rebuilt quarantine forgets D2, and a forward
   * promotion of D2 is pushed. First-parent (M, R2, O, ...) kept D2 quarantined.
   */
  @Test
  void historyKeepsAQuarantineWhoseRollbackDescendsFromAFastClockedOverride() throws Exception {
    RevCommit c1 = mk(100, promote("r1", D1), pinned(D1), root);
    RevCommit p = mk(150, promote("r2", D2), pinned(D2), c1);
    RevCommit r = mk(200, rollback("rb1", D1, D2, p.name()), pinned(D1), p);
    RevCommit o = mk(900, override("ov", D2), pinned(D2), r);
    RevCommit r2 = mk(300, rollback("rb2", D1, D2, o.name()), pinned(D1), o);
    RevCommit z = mk(950, "docs", Map.of("README.md", "docs\n"), o);
    tip(mk(1000, "Merge branch docs", Map.of("README.md", "docs\n"), r2, z));

    RollbackWorkspace.History h = ws.history(remote.url, TestRemote.BRANCH, "production", 100);
    List<String> rejected =
        QuarantineLedger.rebuild(h.entries()).stream().map(x -> x.getDigest()).toList();

    assertThat(rejected).as("history order %s", digests(h)).contains(D2);
  }

  /** The same history, end to end: the guarded forward promotion of D2 must be refused. */
  @Test
  void theTipCheckKeepsAQuarantineWhoseRollbackDescendsFromAFastClockedOverride() throws Exception {
    RevCommit c1 = mk(100, promote("r1", D1), pinned(D1), root);
    RevCommit p = mk(150, promote("r2", D2), pinned(D2), c1);
    RevCommit r = mk(200, rollback("rb1", D1, D2, p.name()), pinned(D1), p);
    RevCommit o = mk(900, override("ov", D2), pinned(D2), r);
    RevCommit r2 = mk(300, rollback("rb2", D1, D2, o.name()), pinned(D1), o);
    RevCommit z = mk(950, "docs", Map.of("README.md", "docs\n"), o);
    tip(mk(1000, "Merge branch docs", Map.of("README.md", "docs\n"), r2, z));

    PublishOutcome outcome = ws.publish(forward(D2));

    assertThat(outcome)
        .as("pinned now: %s", remote.read(PATH))
        .isInstanceOfSatisfying(
            PublishOutcome.Refused.class,
            x -> assertThat(x.reason()).isEqualTo(Reasons.DIGEST_QUARANTINED));
  }

  // ---- 3. two clones each got a Shipproof pin of the same digest, then merged ------------------

  /**
   *
   *
   * <pre>
   *   c1 D1 (t100) -- A D2 (t200) -- M (t300, D2)
   *     \                           /
   *      B D2 (t210) ---------------
   * </pre>
   *
   * The environment went D1 -> D2 on both lines; the previous verified pin is D1 on either. The
   * walk takes B as current; what B replaced, on its first-parent line, is c1 (D1). (Reading the
   * next pin newest first took A and refused.)
   */
  @Test
  void twoLinesThatPinnedTheSameDigestRollBackToWhatTheyReplaced() throws Exception {
    RevCommit c1 = mk(100, promote("r1", D1), pinned(D1), root);
    RevCommit a = mk(200, promote("r2", D2), pinned(D2), c1);
    RevCommit b = mk(210, promote("r2-again", D2), pinned(D2), c1);
    tip(mk(300, "Merge", Map.of(), a, b));

    RollbackPlan plan = ws.plan(previous());

    // Current is B (D2); what B replaced, on its own first-parent line, is c1 (D1).
    assertThat(describe(plan)).isEqualTo("Ready current=2 target=1 revert=1");
  }

  // ---- 4. pins on both sides of a merge, conflict resolved by hand
  // -------------------------------

  /**
   *
   *
   * <pre>
   *   c1 D1 (t100) -- A D2 (t200) ----------------- M (t400, conflict resolved to D3)
   *     \                                          /
   *      S D5 (t260) -- P D3 (t300) --------------
   * </pre>
   *
   * Plans "previous" = D5 from P's line. If M's second parent was the live line (a stale clone's
   * pull) that is right; if the first parent was (a merged pull request) D5 was never live and D2
   * was the previous pin. Git cannot tell which; first-parent refused PinEditedByHand.
   */
  @Test
  void pinsOnBothSidesOfAMergeRollBackAlongTheCurrentPinsLine() throws Exception {
    RevCommit c1 = mk(100, promote("r1", D1), pinned(D1), root);
    RevCommit a = mk(200, promote("r2", D2), pinned(D2), c1);
    RevCommit s = mk(260, promote("s", D5), pinned(D5), c1);
    RevCommit p = mk(300, promote("p", D3), pinned(D3), s);
    tip(mk(400, "Merge pull request (resolved to D3)", pinned(D3), a, p));

    RollbackPlan plan = ws.plan(previous());

    assertThat(describe(plan)).isEqualTo("Ready current=3 target=5 revert=1");
  }

  /** As above but A's clock is behind c1: the walk skips A entirely and plans D1. */
  @Test
  void aFirstParentPinWithASlowClockIsNotTakenForTheCurrentOne() throws Exception {
    RevCommit c1 = mk(100, promote("r1", D1), pinned(D1), root);
    RevCommit a = mk(50, promote("r2", D2), pinned(D2), c1);
    RevCommit p = mk(300, promote("p", D3), pinned(D3), c1);
    tip(mk(400, "Merge pull request (resolved to D3)", pinned(D3), a, p));

    RollbackPlan plan = ws.plan(previous());

    assertThat(describe(plan)).isEqualTo("Ready current=3 target=1 revert=1");
  }

  // ---- 5. octopus merge -----------------------------------------------------------------------

  /**
   * Three lines from c1 (D1): A pins D2 (t200), B pins D3 (t210), C docs (t220); octopus M keeps
   * D3. Current B (D3); below it on its first-parent line, c1 (D1).
   */
  @Test
  void anOctopusMergeRollsBackAlongTheCurrentPinsLine() throws Exception {
    RevCommit c1 = mk(100, promote("r1", D1), pinned(D1), root);
    RevCommit a = mk(200, promote("r2", D2), pinned(D2), c1);
    RevCommit b = mk(210, promote("r3", D3), pinned(D3), c1);
    RevCommit c = mk(220, "docs", Map.of("README.md", "docs\n"), c1);
    tip(mk(300, "octopus", Map.of(PATH, overlay("digest: " + D3), "README.md", "docs\n"), a, b, c));

    RollbackPlan plan = ws.plan(previous());

    assertThat(describe(plan)).isEqualTo("Ready current=3 target=1 revert=1");
  }

  // ---- 6. to: a digest only a merged-in side line pinned ----------------------------------------

  /**
   * c1 D1 -- A D2 (t200) -- M; c1 -- S D5 (t260) -- T D2 (t300) -- M (clean, D2). {@code to: D5}
   * reverts T: D5 was pinned by Shipproof on the side line, as asked.
   */
  @Test
  void toADigestFindsItOnTheLineOfTheCurrentPin() throws Exception {
    RevCommit c1 = mk(100, promote("r1", D1), pinned(D1), root);
    RevCommit a = mk(200, promote("r2", D2), pinned(D2), c1);
    RevCommit s = mk(260, promote("s", D5), pinned(D5), c1);
    RevCommit t = mk(300, promote("t", D2), pinned(D2), s);
    tip(mk(400, "Merge", Map.of(), a, t));
    RollbackQuery q = query(new RollbackTo.Digest(D5), "rb", 1000);

    RollbackPlan plan = ws.plan(q);
    RollbackPlan.Ready ready = (RollbackPlan.Ready) plan;
    PublishOutcome out = ws.rollBack(q, ready, false, write(ready, "rb"));

    assertThat(ready.revert()).containsExactly(t.name());
    assertThat(out).isInstanceOf(PublishOutcome.Pushed.class);
    assertThat(remote.read(PATH)).isEqualTo(overlay("digest: " + D5));
  }

  // ---- 7. walk limit cut inside a merged line ---------------------------------------------------

  /**
   * c1 D1 -- c2 D2 -- M; a merged pull request of 12 newer doc commits: with limit 10 the pins are
   * past the limit. Refused HistoryLimitReached; first-parent (M, c2, c1) planned D1.
   */
  @Test
  void commitsOfAMergedLineCountAgainstTheWalkLimit() throws Exception {
    RevCommit c1 = mk(100, promote("r1", D1), pinned(D1), root);
    RevCommit c2 = mk(200, promote("r2", D2), pinned(D2), c1);
    RevCommit side = c2;
    for (int i = 0; i < 12; i++) {
      side = mk(300 + i, "docs " + i, Map.of("README.md", "d" + i + "\n"), side);
    }
    tip(mk(400, "Merge", Map.of("README.md", "d11\n"), c2, side));

    RollbackPlan plan = ws.plan(query(new RollbackTo.Previous(), "", 10));

    assertThat(plan)
        .as(describe(plan))
        .isInstanceOfSatisfying(
            RollbackPlan.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(Reasons.HISTORY_LIMIT_REACHED));
  }

  /**
   * Quarantine read with a limit: a rollback on the main line (t200), then a merged line of newer
   * commits. The rebuilt ledger (limit 5) no longer holds D2; the first-parent read did. (The tip
   * guard already read every parent with the same limit.)
   */
  @Test
  void theQuarantineLimitCountsCommitsOfMergedLines() throws Exception {
    RevCommit c1 = mk(100, promote("r1", D1), pinned(D1), root);
    RevCommit p = mk(150, promote("r2", D2), pinned(D2), c1);
    RevCommit r = mk(200, rollback("rb", D1, D2, p.name()), pinned(D1), p);
    RevCommit side = r;
    for (int i = 0; i < 6; i++) {
      side = mk(300 + i, "docs " + i, Map.of("README.md", "d" + i + "\n"), side);
    }
    tip(mk(400, "Merge", Map.of("README.md", "d5\n"), r, side));

    RollbackWorkspace.History h = ws.history(remote.url, TestRemote.BRANCH, "production", 5);

    assertThat(h.truncated()).isTrue();
    assertThat(QuarantineLedger.rebuild(h.entries())).isEmpty();
  }

  // ---- 8. rollback of a rollback across a merge
  // ---------------------------------------------------

  /**
   * c1 D1 -- c2 D2 -- R rb(D2->D1) (t300) on the remote; a stale clone at c2 commits docs Z (t250)
   * and pulls: M(Z, R). Second rollback: current R (D1), previous D2 (quarantined: the guard
   * decides).
   */
  @Test
  void aRollbackOfARollbackMergedAsTheSecondParentIsPlanned() throws Exception {
    RevCommit c1 = mk(100, promote("r1", D1), pinned(D1), root);
    RevCommit c2 = mk(200, promote("r2", D2), pinned(D2), c1);
    RevCommit r = mk(300, rollback("rb1", D1, D2, c2.name()), pinned(D1), c2);
    RevCommit z = mk(250, "docs", Map.of("README.md", "docs\n"), c2);
    tip(mk(400, "Merge remote-tracking branch", pinned(D1), z, r));

    RollbackPlan plan = ws.plan(previous());

    assertThat(describe(plan)).isEqualTo("Ready current=1 target=2 revert=1");
    assertThat(((RollbackPlan.Ready) plan).current().commit()).isEqualTo(r.name());
  }

  /**
   * Same, but the rollback R was written with a slow clock (t150, older than c2). The walk reads c2
   * first, takes it as current and refuses PinEditedByHand; first-parent via M(Z, R) did the same.
   */
  @Test
  void aSlowClockedRollbackMergedAsTheSecondParentIsRefusedNotGuessed() throws Exception {
    RevCommit c1 = mk(100, promote("r1", D1), pinned(D1), root);
    RevCommit c2 = mk(200, promote("r2", D2), pinned(D2), c1);
    RevCommit r = mk(150, rollback("rb1", D1, D2, c2.name()), pinned(D1), c2);
    RevCommit z = mk(250, "docs", Map.of("README.md", "docs\n"), c2);
    tip(mk(400, "Merge remote-tracking branch", pinned(D1), z, r));

    RollbackPlan plan = ws.plan(previous());

    assertThat(plan)
        .as(describe(plan))
        .isInstanceOfSatisfying(
            RollbackPlan.Refused.class,
            x -> assertThat(x.reason()).isEqualTo(Reasons.PIN_EDITED_BY_HAND));
  }
}

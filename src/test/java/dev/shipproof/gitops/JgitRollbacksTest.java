package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.ImageRef;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollback planning and writing on real bare repositories over file://. The pins here are made with
 * Shipproof's own commit messages but made-up digests: what is verified is the git side.
 */
class JgitRollbacksTest {
  static final String PATH = "apps/api/overlays/production/kustomization.yaml";
  static final String IMAGE = "registry.example.com/payments/api";
  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);
  static final String D3 = "sha256:" + "3".repeat(64);
  static final String D9 = "sha256:" + "9".repeat(64);
  static final Instant NOW = Instant.parse("2026-12-04T10:15:30Z");

  @TempDir Path tmp;
  TestRemote remote;
  JgitWorkspace ws;

  @BeforeEach
  void setUp() throws Exception {
    remote = TestRemote.create(tmp, Map.of(PATH, overlay("newTag: \"0.9.0\""), "README.md", "x\n"));
    ws = new JgitWorkspace(tmp.resolve("cache"), Clock.fixed(NOW, ZoneOffset.UTC), d -> {}, null);
  }

  @AfterEach
  void tearDown() {
    remote.close();
  }

  static String overlay(String pin) {
    return "images:\n  - name: " + IMAGE + "\n    " + pin + "\n    # pinned by shipproof\n";
  }

  /** A Shipproof pin of {@code digest}, as a promotion named {@code name} writes it. */
  RevCommit pin(String name, String digest) throws Exception {
    return pin(name, digest, overlay("digest: " + digest));
  }

  RevCommit pin(String name, String digest, String text) throws Exception {
    var info =
        new PromotionInfo(
            "payments",
            name,
            name + "-uid",
            "production",
            ImageRef.parse(IMAGE + "@" + digest),
            "release " + name,
            "signature(key test)");
    return remote.commit(Map.of(PATH, text), CommitMessage.build(info));
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

  RollbackQuery previous(String uid) {
    return query(new RollbackTo.Previous(), uid, 1000);
  }

  PublishRequest write(RollbackPlan.Ready plan, String uid) {
    ImageRef ref = ImageRef.parse(IMAGE + "@" + plan.target().digest());
    var info = new PromotionInfo("payments", "rb-" + uid, uid, "production", ref, "INC-1", "sig");
    String message =
        CommitMessage.build(
            info, new CommitMessage.Extras(plan.revert(), plan.current().digest(), null));
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

  RollbackPlan.Ready ready(RollbackPlan plan) {
    assertThat(plan).isInstanceOf(RollbackPlan.Ready.class);
    return (RollbackPlan.Ready) plan;
  }

  @Test
  void revertsThePinningCommitAndKeepsLaterUnrelatedCommits() throws Exception {
    RevCommit c1 = pin("r1", D1);
    RevCommit c2 = pin("r2", D2);
    RevCommit docs = remote.commit(Map.of("README.md", "docs changed later\n"), "docs");

    RollbackPlan.Ready plan = ready(ws.plan(previous("rb")));
    PublishOutcome outcome = ws.rollBack(previous("rb"), plan, false, write(plan, "rb"));

    assertThat(plan.current().commit()).isEqualTo(c2.name());
    assertThat(plan.target().commit()).isEqualTo(c1.name());
    assertThat(plan.revert()).containsExactly(c2.name());
    assertThat(outcome).isInstanceOf(PublishOutcome.Pushed.class);
    RevCommit tip = remote.log().get(0);
    assertThat(tip.getParent(0).getId()).isEqualTo(docs.getId());
    assertThat(remote.read(PATH)).isEqualTo(overlay("digest: " + D1));
    assertThat(remote.read("README.md")).isEqualTo("docs changed later\n");
    assertThat(tip.getFooterLines(CommitMessage.REVERT_OF)).containsExactly(c2.name());
    assertThat(tip.getFooterLines(CommitMessage.DIGEST)).containsExactly(D1);
    assertThat(tip.getFooterLines(CommitMessage.REJECTED_DIGEST)).containsExactly(D2);
    assertThat(tip.getShortMessage())
        .startsWith("roll back api in production to sha256:111111111111");
  }

  @Test
  void rollsBackThroughSuccessivePinsToANamedDigestInOneCommit() throws Exception {
    RevCommit c1 = pin("r1", D1);
    RevCommit c2 = pin("r2", D2);
    RevCommit c3 = pin("r3", D3);
    RollbackQuery q = query(new RollbackTo.Digest(D1), "rb", 1000);

    RollbackPlan.Ready plan = ready(ws.plan(q));
    PublishOutcome outcome = ws.rollBack(q, plan, false, write(plan, "rb"));

    assertThat(plan.revert()).containsExactly(c3.name(), c2.name());
    assertThat(plan.target().commit()).isEqualTo(c1.name());
    assertThat(outcome).isInstanceOf(PublishOutcome.Pushed.class);
    assertThat(remote.log().get(0).getParent(0).getId()).isEqualTo(c3.getId());
    assertThat(remote.read(PATH)).isEqualTo(overlay("digest: " + D1));
    assertThat(remote.log().get(0).getFooterLines(CommitMessage.REVERT_OF))
        .containsExactly(c3.name() + " " + c2.name());
  }

  @Test
  void toACommitRestoresTheDigestThatCommitPinned() throws Exception {
    RevCommit c1 = pin("r1", D1);
    pin("r2", D2);

    RollbackPlan plan = ws.plan(query(new RollbackTo.Commit(c1.name().substring(0, 10)), "", 100));

    assertThat(ready(plan).target().digest()).isEqualTo(D1);
  }

  @Test
  void refusesACommitThatIsNotAShipproofPin() throws Exception {
    pin("r1", D1);
    RevCommit docs = remote.commit(Map.of("README.md", "y\n"), "docs");

    RollbackPlan plan = ws.plan(query(new RollbackTo.Commit(docs.name()), "", 100));

    assertThat(plan).isInstanceOf(RollbackPlan.Refused.class);
    assertThat(((RollbackPlan.Refused) plan).reason()).isEqualTo(Reasons.INVALID_ROLLBACK);
  }

  @Test
  void requestingTheCurrentDigestChangesNothing() throws Exception {
    pin("r1", D1);
    RevCommit c2 = pin("r2", D2);

    RollbackPlan plan = ws.plan(query(new RollbackTo.Digest(D2), "", 100));

    assertThat(plan).isEqualTo(new RollbackPlan.AlreadyThere(HistoryEntry.of(c2).orElseThrow()));
  }

  @Test
  void refusesTheFirstPromotionAndSaysWhatItReplaced() throws Exception {
    pin("r1", D1);

    RollbackPlan plan = ws.plan(previous(""));

    assertThat(plan).isInstanceOf(RollbackPlan.Refused.class);
    var refused = (RollbackPlan.Refused) plan;
    assertThat(refused.reason()).isEqualTo(Reasons.NO_EARLIER_PIN);
    assertThat(refused.message()).contains("first Shipproof pin").contains("newTag: \"0.9.0\"");
  }

  @Test
  void refusesToRestoreAPinMadeByHand() throws Exception {
    pin("r1", D1);
    RevCommit hand = remote.commit(Map.of(PATH, overlay("digest: " + D9)), "pin by hand");
    pin("r3", D3);

    RollbackPlan plan = ws.plan(previous(""));

    var refused = (RollbackPlan.Refused) plan;
    assertThat(refused.reason()).isEqualTo(Reasons.NO_EARLIER_PIN);
    assertThat(refused.message())
        .contains(hand.name().substring(0, 12))
        .contains("\"pin by hand\"")
        .contains(D9)
        .contains("never verified");
  }

  @Test
  void refusesWhenTheTipWasEditedByHandSinceTheLastPin() throws Exception {
    pin("r1", D1);
    pin("r2", D2);
    RevCommit hand = remote.commit(Map.of(PATH, overlay("digest: " + D9)), "hotfix by hand");

    RollbackPlan plan = ws.plan(previous(""));

    var refused = (RollbackPlan.Refused) plan;
    assertThat(refused.reason()).isEqualTo(Reasons.PIN_EDITED_BY_HAND);
    assertThat(refused.message()).contains(hand.name().substring(0, 12)).contains("hotfix by hand");
  }

  @Test
  void aConflictingRevertIsRefusedNamingTheLaterCommitAndPushesNothing() throws Exception {
    pin("r1", D1);
    pin("r2", D2);
    RevCommit later =
        remote.commit(
            Map.of(PATH, overlay("digest: " + D2 + "   # INC-9 keep")), "annotate the pin");
    var before = remote.tip();

    RollbackPlan.Ready plan = ready(ws.plan(previous("rb")));
    PublishOutcome outcome = ws.rollBack(previous("rb"), plan, false, write(plan, "rb"));

    assertThat(outcome).isInstanceOf(PublishOutcome.Refused.class);
    var refused = (PublishOutcome.Refused) outcome;
    assertThat(refused.reason()).isEqualTo(Reasons.REVERT_CONFLICT);
    assertThat(refused.message())
        .contains(later.name().substring(0, 12))
        .contains("annotate the pin")
        .contains(PATH)
        .contains("strategy: pin");
    assertThat(remote.tip()).isEqualTo(before);
  }

  @Test
  void pinStrategyWritesAForwardCommitWhereARevertWouldConflict() throws Exception {
    RevCommit c1 = pin("r1", D1);
    RevCommit c2 = pin("r2", D2);
    remote.commit(Map.of(PATH, overlay("digest: " + D2 + "   # INC-9 keep")), "annotate");

    RollbackPlan.Ready plan = ready(ws.plan(previous("rb")));
    PublishOutcome outcome = ws.rollBack(previous("rb"), plan, true, write(plan, "rb"));

    assertThat(outcome).isInstanceOf(PublishOutcome.Pushed.class);
    assertThat(remote.read(PATH)).isEqualTo(overlay("digest: " + D1 + "   # INC-9 keep"));
    RevCommit tip = remote.log().get(0);
    assertThat(tip.getFooterLines(CommitMessage.REVERT_OF)).containsExactly(c2.name());
    assertThat(plan.target().commit()).isEqualTo(c1.name());
  }

  @Test
  void aRollbackOfARollbackIsAnotherRevert() throws Exception {
    pin("r1", D1);
    RevCommit c2 = pin("r2", D2);
    RollbackPlan.Ready first = ready(ws.plan(previous("rb1")));
    var back =
        (PublishOutcome.Pushed) ws.rollBack(previous("rb1"), first, false, write(first, "rb1"));

    RollbackPlan.Ready second = ready(ws.plan(previous("rb2")));
    PublishOutcome again = ws.rollBack(previous("rb2"), second, false, write(second, "rb2"));

    assertThat(second.current().commit()).isEqualTo(back.commit());
    assertThat(second.target().commit()).isEqualTo(c2.name());
    assertThat(again).isInstanceOf(PublishOutcome.Pushed.class);
    assertThat(remote.read(PATH)).isEqualTo(overlay("digest: " + D2));
    assertThat(remote.log().get(0).getFooterLines(CommitMessage.REJECTED_DIGEST))
        .containsExactly(D1);
  }

  @Test
  void aRerunFindsItsOwnRollbackAndPushesNothing() throws Exception {
    pin("r1", D1);
    pin("r2", D2);
    RollbackPlan.Ready plan = ready(ws.plan(previous("rb")));
    var pushed =
        (PublishOutcome.Pushed) ws.rollBack(previous("rb"), plan, false, write(plan, "rb"));
    var tip = remote.tip();

    RollbackPlan rerun = ws.plan(previous("rb"));
    PublishOutcome again = ws.rollBack(previous("rb"), plan, false, write(plan, "rb"));

    assertThat(rerun).isInstanceOf(RollbackPlan.AlreadyLanded.class);
    assertThat(((RollbackPlan.AlreadyLanded) rerun).landed().commit()).isEqualTo(pushed.commit());
    assertThat(again).isEqualTo(new PublishOutcome.AlreadyLanded(pushed.commit(), false));
    assertThat(remote.tip()).isEqualTo(tip);
  }

  @Test
  void theWalkStopsAtItsLimitAndSaysSo() throws Exception {
    pin("r1", D1);
    pin("r2", D2);
    for (int i = 0; i < 12; i++) {
      remote.commit(Map.of("README.md", "edit " + i + "\n"), "docs " + i);
    }

    RollbackPlan plan = ws.plan(query(new RollbackTo.Previous(), "", 10));

    var refused = (RollbackPlan.Refused) plan;
    assertThat(refused.reason()).isEqualTo(Reasons.HISTORY_LIMIT_REACHED);
    assertThat(refused.message()).contains("read 10 commits");
    assertThat(ws.plan(query(new RollbackTo.Previous(), "", 14)))
        .isInstanceOf(RollbackPlan.Ready.class);
  }

  @Test
  void rollsBackAPinThatAStaleClonesMergeMadeTheSecondParent() throws Exception {
    RevCommit c1 = pin("r1", D1);
    RevCommit c2 = pin("r2", D2);
    // Someone's clone was at c1; they commit a doc change and `git pull` (a merge): c2 is now
    // the merge's second parent, and the first-parent line goes tip, docs, c1. The tip pins D2.
    remote.commitBesideTipAndMerge(Map.of("README.md", "docs from a stale clone\n"), "docs");

    RollbackPlan.Ready plan = ready(ws.plan(previous("rb")));
    PublishOutcome outcome = ws.rollBack(previous("rb"), plan, false, write(plan, "rb"));

    assertThat(plan.current().commit()).isEqualTo(c2.name());
    assertThat(plan.target().commit()).isEqualTo(c1.name());
    assertThat(plan.revert()).containsExactly(c2.name());
    assertThat(outcome).isInstanceOf(PublishOutcome.Pushed.class);
    assertThat(remote.read(PATH)).isEqualTo(overlay("digest: " + D1));
    assertThat(remote.read("README.md")).isEqualTo("docs from a stale clone\n");
  }

  @Test
  void rollsBackToANamedDigestThroughPinsOnBothSidesOfAMerge() throws Exception {
    RevCommit c1 = pin("r1", D1);
    RevCommit c2 = pin("r2", D2);
    RevCommit c3 = pin("r3", D3);
    // The stale clone was at c2: c2 and c1 stay on the first-parent line, c3 is merged in.
    remote.commitBesideTipAndMerge(Map.of("README.md", "docs\n"), "docs");
    RollbackQuery q = query(new RollbackTo.Digest(D1), "rb", 1000);

    RollbackPlan.Ready plan = ready(ws.plan(q));
    PublishOutcome outcome = ws.rollBack(q, plan, false, write(plan, "rb"));

    assertThat(plan.revert()).containsExactly(c3.name(), c2.name());
    assertThat(plan.target().commit()).isEqualTo(c1.name());
    assertThat(outcome).isInstanceOf(PublishOutcome.Pushed.class);
    assertThat(remote.read(PATH)).isEqualTo(overlay("digest: " + D1));
  }

  @Test
  void historyListsShipproofCommitsThatAMergeMadeTheSecondParent() throws Exception {
    pin("r1", D1);
    RevCommit c2 = pin("r2", D2);
    remote.commitBesideTipAndMerge(Map.of("README.md", "docs\n"), "docs");

    RollbackWorkspace.History history =
        ws.history(remote.url, TestRemote.BRANCH, "production", 100);

    assertThat(history.entries()).extracting(HistoryEntry::digest).containsExactly(D2, D1);
    assertThat(history.entries().get(0).commit()).isEqualTo(c2.name());
  }

  @Test
  void historyListsShipproofCommitsNewestFirst() throws Exception {
    pin("r1", D1);
    remote.commit(Map.of("README.md", "z\n"), "docs");
    pin("r2", D2);
    RollbackPlan.Ready plan = ready(ws.plan(previous("rb")));
    ws.rollBack(previous("rb"), plan, false, write(plan, "rb"));

    RollbackWorkspace.History history =
        ws.history(remote.url, TestRemote.BRANCH, "production", 100);

    assertThat(history.entries()).extracting(HistoryEntry::digest).containsExactly(D1, D2, D1);
    assertThat(history.entries().get(0).isRollback()).isTrue();
    assertThat(history.entries().get(0).reason()).isEqualTo("INC-1");
    assertThat(history.entries().get(0).promotion()).isEqualTo("payments/rb-rb");
    assertThat(history.truncated()).isFalse();
    assertThat(history.commitsRead()).isEqualTo(5);
  }
}

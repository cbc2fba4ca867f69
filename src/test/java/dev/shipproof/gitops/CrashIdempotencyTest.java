package dev.shipproof.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.model.ImageRef;
import dev.shipproof.testing.OutsideWriter;
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
 * A promotion retried after a crash finds its own commit however far the branch moved on since,
 * back to the promotion's creation, and never pushes a second commit or reverts a newer pin.
 */
class CrashIdempotencyTest {
  private static final String PATH = "apps/api/overlays/production/kustomization.yaml";
  private static final String IMAGE = "registry.example.com/payments/api";
  private static final String OVERLAY =
      "resources:\n  - ../../base\nimages:\n  - name: " + IMAGE + "\n    newTag: 1.4.2\n";
  private static final String OURS = "sha256:" + "1".repeat(64);
  private static final String NEWER = "sha256:" + "2".repeat(64);
  private static final Instant CREATED = Instant.parse("2026-12-04T10:00:00Z");

  @TempDir java.nio.file.Path tmp;
  private TestRemote remote;
  private JgitWorkspace workspace;

  @BeforeEach
  void setUp() throws Exception {
    remote = TestRemote.create(tmp, Map.of(PATH, OVERLAY));
    workspace =
        new JgitWorkspace(
            tmp.resolve("cache"),
            Clock.fixed(CREATED.plusSeconds(60), ZoneOffset.UTC),
            d -> {},
            null);
  }

  @AfterEach
  void tearDown() {
    remote.close();
  }

  @Test
  void retryFindsItsOwnCommitUnderMoreThanFiveHundredNewerCommits() throws Exception {
    var ours = (PublishOutcome.Pushed) workspace.publish(request(OURS, "uid-ours", CREATED));
    // The operator is down while people push 520 commits and another promotion lands.
    OutsideWriter.commit(remote.bare, TestRemote.BRANCH, 520, "note");
    workspace.publish(request(NEWER, "uid-newer", CREATED.plusSeconds(600)));
    int before = remote.log().size();

    PublishOutcome retried = workspace.publish(request(OURS, "uid-ours", CREATED));

    assertThat(retried).isEqualTo(new PublishOutcome.AlreadyLanded(ours.commit(), true));
    List<RevCommit> log = remote.log();
    assertThat(log).hasSize(before);
    assertThat(remote.read(PATH)).contains("digest: " + NEWER);
  }

  @Test
  void aPromotionOfUnknownAgeSearchesFiveHundredCommitsOnly() throws Exception {
    workspace.publish(request(OURS, "uid-ours", null));
    OutsideWriter.commit(remote.bare, TestRemote.BRANCH, 510, "note");
    workspace.publish(request(NEWER, "uid-newer", null));

    // Without a creation time the retry cannot see its commit: it pins again (the old limit).
    PublishOutcome retried = workspace.publish(request(OURS, "uid-ours", null));

    assertThat(retried).isInstanceOf(PublishOutcome.Pushed.class);
  }

  private PublishRequest request(String digest, String uid, Instant created) {
    ImageRef pinned = ImageRef.parse(IMAGE + "@" + digest);
    var info = new PromotionInfo("payments", "api-" + uid, uid, "production", pinned, "r", "sig");
    return new PublishRequest(
        remote.url,
        TestRemote.BRANCH,
        "Shipproof",
        "shipproof@example.com",
        List.of(PublishRequest.Target.kustomize(PATH, IMAGE)),
        pinned,
        CommitMessage.build(info),
        uid,
        null,
        created);
  }
}

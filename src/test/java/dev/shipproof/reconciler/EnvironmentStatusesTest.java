package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.EnvironmentStatus;
import dev.shipproof.api.v1alpha1.RejectedDigest;
import dev.shipproof.promote.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Environment status bookkeeping of landings, rollbacks and overrides. */
class EnvironmentStatusesTest {
  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);
  static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  static RejectedDigest rejected(String digest) {
    RejectedDigest r = new RejectedDigest();
    r.setDigest(digest);
    return r;
  }

  @Test
  void aFirstLandingSeedsTheQuarantineFromGitAndSetsTheCurrentPin() {
    var landed = new Outcome.Landed(D1, "c1", false, List.of(), "pinned");

    EnvironmentStatus s =
        EnvironmentStatuses.next(null, List.of(rejected(D2)), "payments/p1", landed, false, NOW);

    assertThat(s.getCurrentDigest()).isEqualTo(D1);
    assertThat(s.getShortDigest()).isEqualTo("sha256:111111111111");
    assertThat(s.getCurrentCommit()).isEqualTo("c1");
    assertThat(s.getLastPromotion()).isEqualTo("payments/p1");
    assertThat(s.getLastPromotionTime()).isEqualTo("2026-12-04T12:00:00Z");
    assertThat(s.getQuarantined()).isEqualTo(1);
  }

  @Test
  void aRollbackQuarantinesOnceEvenWhenRecordedTwice() {
    var rollback = new Outcome.Rollback("example.com/api", List.of("c2"), D2, "INC-1");
    var landed = new Outcome.Landed(D1, "c3", false, List.of(), "rolled back", rollback);

    EnvironmentStatus once =
        EnvironmentStatuses.next(null, null, "payments/rb", landed, false, NOW);
    EnvironmentStatus twice =
        EnvironmentStatuses.next(once, null, "payments/rb", landed, false, NOW);

    assertThat(twice.getRejectedDigests()).hasSize(1);
    RejectedDigest r = twice.getRejectedDigests().get(0);
    assertThat(r.getDigest()).isEqualTo(D2);
    assertThat(r.getImage()).isEqualTo("example.com/api");
    assertThat(r.getCommit()).isEqualTo("c3");
    assertThat(r.getReason()).isEqualTo("INC-1");
    assertThat(twice.getQuarantined()).isEqualTo(1);
  }

  @Test
  void anOverrideLiftsTheQuarantineOfWhatItLanded() {
    EnvironmentStatus before = new EnvironmentStatus();
    before.setCurrentCommit("c3");
    before.setRejectedDigests(new java.util.ArrayList<>(List.of(rejected(D2))));
    var landed = new Outcome.Landed(D2, "c4", false, List.of(), "pinned");

    EnvironmentStatus s = EnvironmentStatuses.next(before, null, "payments/p4", landed, true, NOW);

    assertThat(s.getRejectedDigests()).isEmpty();
    assertThat(s.getQuarantined()).isZero();
    assertThat(s.getCurrentDigest()).isEqualTo(D2);
  }

  @Test
  void nothingPushedLeavesTheCurrentPinAlone() {
    EnvironmentStatus before = new EnvironmentStatus();
    before.setCurrentCommit("c9");
    before.setCurrentDigest(D2);
    var landed = new Outcome.Landed(D1, "c1", true, List.of(), "already landed, superseded");

    EnvironmentStatus s =
        EnvironmentStatuses.next(before, null, "payments/old", landed, false, NOW);

    assertThat(s.getCurrentCommit()).isEqualTo("c9");
    assertThat(s.getCurrentDigest()).isEqualTo(D2);
  }
}

package dev.shipproof.promote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.demo.Demo;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.EvidenceLimits;
import dev.shipproof.registry.OciLayoutImageSource;
import dev.shipproof.testing.EvidenceFixtures;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** A bound exceeded while collecting evidence ends the check as a final refusal naming it. */
class PromoterBoundsTest {
  private static final ImageRef SINGLE =
      ImageRef.parse("localhost:5000/acme/api@" + EvidenceFixtures.SINGLE);

  @Test
  void tooManyReferrersIsAFinalRefusal() throws Exception {
    DigestCheck check = check(new EvidenceLimits(3, 16L << 20, 64L << 20));

    assertThat(check.allowed()).isFalse();
    assertThat(check.refused().stage()).isEqualTo(Outcome.Stage.EVIDENCE);
    assertThat(check.reason()).isEqualTo(Reasons.TOO_MANY_REFERRERS);
    assertThat(check.message()).contains("refusing to follow more than 3");
  }

  @Test
  void evidenceOverTheByteBudgetIsAFinalRefusal() throws Exception {
    DigestCheck check = check(new EvidenceLimits(256, 16L << 20, 10_000));

    assertThat(check.reason()).isEqualTo(Reasons.EVIDENCE_TOO_LARGE);
    assertThat(check.message()).contains("exceeds 10000 bytes in total");
  }

  @Test
  void aBlobOverTheBlobLimitIsAFinalRefusal() throws Exception {
    DigestCheck check = check(new EvidenceLimits(256, 1_000, 64L << 20));

    assertThat(check.reason()).isEqualTo(Reasons.EVIDENCE_TOO_LARGE);
    assertThat(check.message()).contains("refusing anything over 1000 bytes");
  }

  private static DigestCheck check(EvidenceLimits limits) throws Exception {
    TrustRoot trust =
        TrustRoot.parse(
            Files.readAllBytes(
                EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json")));
    return Promoter.verifyingOnly(new SigstoreEvidenceVerifier(), VerdictCache.disabled())
        .check(
            SINGLE,
            new OciLayoutImageSource(EvidenceFixtures.layout("complete"), limits),
            Demo.policy(),
            trust,
            Progress.NONE);
  }
}

package dev.shipproof.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.demo.Demo;
import dev.shipproof.evidence.EvidenceVerifier;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.model.EvidenceItem;
import dev.shipproof.model.ImageRef;
import dev.shipproof.policy.Decision;
import dev.shipproof.registry.ImageSource;
import dev.shipproof.registry.OciLayoutImageSource;
import dev.shipproof.testing.EvidenceFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Allowed verdicts are reused for the same inputs; everything else verifies afresh. */
class VerdictCacheTest {
  private static final Path COMPLETE = EvidenceFixtures.layout("complete");
  private static final String NAME = "localhost:5000/acme/api@";

  private static TrustRoot trust;

  private final AtomicInteger verifications = new AtomicInteger();
  private final EvidenceVerifier counting =
      (digest, manifest, items, root) -> {
        verifications.incrementAndGet();
        return new SigstoreEvidenceVerifier().verify(digest, manifest, items, root);
      };

  @BeforeAll
  static void readTrust() throws Exception {
    trust =
        TrustRoot.parse(
            Files.readAllBytes(
                EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json")));
  }

  @Test
  void repeatedCheckOfTheSameDigestUnderTheSamePolicySkipsVerification() throws Exception {
    var cache = new VerdictCache(10);
    Promoter promoter = Promoter.verifyingOnly(counting, cache);
    List<String> steps = new ArrayList<>();

    DigestCheck first = promoter.check(single(), layout(), Demo.policy(), trust, Progress.NONE);
    DigestCheck second =
        promoter.check(single(), layout(), Demo.policy(), trust, (s, d) -> steps.add(s + ": " + d));

    assertThat(first.allowed()).isTrue();
    assertThat(second.allowed()).isTrue();
    assertThat(second.decision()).isEqualTo(first.decision());
    assertThat(verifications).hasValue(1);
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(steps).anyMatch(s -> s.startsWith("verify: ") && s.endsWith("cached"));
  }

  @Test
  void aCachedVerdictStillFetchesAndHashesTheManifest(@TempDir Path dir) throws Exception {
    Path copy = copy(COMPLETE, dir);
    Promoter promoter = Promoter.verifyingOnly(counting, new VerdictCache(10));
    promoter.check(single(), new OciLayoutImageSource(copy), Demo.policy(), trust, Progress.NONE);
    Path manifest = copy.resolve("blobs/sha256").resolve(EvidenceFixtures.SINGLE.substring(7));
    Files.writeString(manifest, " " + Files.readString(manifest));

    DigestCheck again =
        promoter.check(
            single(), new OciLayoutImageSource(copy), Demo.policy(), trust, Progress.NONE);

    assertThat(again.allowed()).isFalse();
    assertThat(again.reason()).isEqualTo(Reasons.DIGEST_MISMATCH);
    assertThat(verifications).hasValue(1);
  }

  @Test
  void deniedVerdictsAreVerifiedAgainEachTime() throws Exception {
    var cache = new VerdictCache(10);
    Promoter promoter = Promoter.verifyingOnly(counting, cache);
    ImageRef arm64 = ImageRef.parse(NAME + EvidenceFixtures.ARM64);

    promoter.check(arm64, layout(), Demo.policy(), trust, Progress.NONE);
    DigestCheck again = promoter.check(arm64, layout(), Demo.policy(), trust, Progress.NONE);

    assertThat(again.reason()).isEqualTo(Reasons.EVIDENCE_MISSING);
    assertThat(verifications).hasValue(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void anotherPolicyVerifiesAgain() throws Exception {
    Promoter promoter = Promoter.verifyingOnly(counting, new VerdictCache(10));
    PolicySpec fewer = Demo.policy();
    fewer.setAttestations(fewer.getAttestations().subList(0, 1));

    promoter.check(single(), layout(), Demo.policy(), trust, Progress.NONE);
    DigestCheck other = promoter.check(single(), layout(), fewer, trust, Progress.NONE);

    assertThat(other.allowed()).isTrue();
    assertThat(verifications).hasValue(2);
  }

  @Test
  void evidenceAddedOrRemovedSinceVerifiesAgain() throws Exception {
    var cache = new VerdictCache(10);
    Promoter promoter = Promoter.verifyingOnly(counting, cache);
    ImageSource source = layout();
    var manifest = source.fetchManifest(single());
    List<EvidenceItem> all = source.collectEvidence(single());

    promoter.check(single(), manifest, all, Demo.policy(), trust, Progress.NONE);
    DigestCheck fewer =
        promoter.check(
            single(),
            manifest,
            all.subList(0, all.size() - 1),
            Demo.policy(),
            trust,
            Progress.NONE);

    assertThat(fewer.allowed()).isTrue();
    assertThat(verifications).hasValue(2);
  }

  @Test
  void theLeastRecentlyUsedVerdictGoesFirst() throws Exception {
    var cache = new VerdictCache(1);
    Promoter promoter = Promoter.verifyingOnly(counting, cache);
    ImageRef index = ImageRef.parse(NAME + EvidenceFixtures.INDEX);

    promoter.check(single(), layout(), Demo.policy(), trust, Progress.NONE);
    promoter.check(index, layout(), Demo.policy(), trust, Progress.NONE);
    promoter.check(single(), layout(), Demo.policy(), trust, Progress.NONE);

    assertThat(verifications).hasValue(3);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void aPolicyWithAMaximumAgeIsNeverCached() throws Exception {
    var cache = new VerdictCache(10);
    PolicySpec aged = Demo.policy();
    aged.getAttestations().get(2).setMaxAge("720h");
    AtomicInteger calls = new AtomicInteger();

    for (int i = 0; i < 2; i++) {
      cache.decide(
          EvidenceFixtures.SINGLE,
          List.of(),
          aged,
          trust,
          () -> {
            calls.incrementAndGet();
            return new Decision(true, Reasons.EVIDENCE_VERIFIED, "ok", List.of(), List.of());
          });
    }

    assertThat(calls).hasValue(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void sizeZeroKeepsNothingAndNegativeSizesAreRefused() throws Exception {
    Promoter promoter = Promoter.verifyingOnly(counting, VerdictCache.disabled());

    promoter.check(single(), layout(), Demo.policy(), trust, Progress.NONE);
    promoter.check(single(), layout(), Demo.policy(), trust, Progress.NONE);

    assertThat(verifications).hasValue(2);
    assertThatThrownBy(() -> new VerdictCache(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static ImageRef single() {
    return ImageRef.parse(NAME + EvidenceFixtures.SINGLE);
  }

  private static ImageSource layout() {
    return new OciLayoutImageSource(COMPLETE);
  }

  private static Path copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    return to;
  }
}

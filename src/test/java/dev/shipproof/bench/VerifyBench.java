package dev.shipproof.bench;

import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.demo.Demo;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.model.ImageRef;
import dev.shipproof.promote.DigestCheck;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.promote.VerdictCache;
import dev.shipproof.registry.OciLayoutImageSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Times verification of the fixture kit's complete image (one signature and three attestations
 * required; ten evidence items attached per digest) from its OCI layout (run with {@code
 * bench/run-verify-bench}; not a test). Per digest, side by side in one run: cold (a fresh verifier
 * and no cache for every check) and cached (the same verdict cache, already holding the verdict).
 * Both include fetching and hashing the manifest and collecting the evidence; only the cached one
 * skips the signature, certificate, transparency-log and policy checks.
 */
public final class VerifyBench {
  private static final int WARMUP = 5;
  private static final int RUNS = 20;
  private static final String NAME = "localhost:5000/acme/api@";

  private VerifyBench() {}

  /** Entry point: the fixture directory ({@code src/test/resources/fixtures/evidence}). */
  public static void main(String[] args) throws Exception {
    Path fixtures = Path.of(args.length > 0 ? args[0] : "src/test/resources/fixtures/evidence");
    Path layout = fixtures.resolve("oci/complete");
    TrustRoot trust =
        TrustRoot.parse(Files.readAllBytes(fixtures.resolve("trust/trusted_root.json")));
    PolicySpec policy = Demo.policy();
    System.out.printf(
        Locale.ROOT, "%-20s %10s %10s %8s%n", "digest", "cold ms", "cached ms", "ratio");
    for (String digest :
        new String[] {
          "sha256:fef24f66563c240cf8f0646ba3df73bb12487c11a115e90f701ef4f5f3e93362",
          "sha256:bff91d6a78b568e8404db6367a740636418ca422a41f2e6fefc3a6770549304c"
        }) {
      ImageRef ref = ImageRef.parse(NAME + digest);
      Step cold =
          () ->
              require(
                  Promoter.verifyingOnly(new SigstoreEvidenceVerifier(), VerdictCache.disabled())
                      .check(ref, new OciLayoutImageSource(layout), policy, trust, Progress.NONE));
      VerdictCache cache = new VerdictCache(100);
      Promoter cachedPromoter = Promoter.verifyingOnly(new SigstoreEvidenceVerifier(), cache);
      Step cached =
          () ->
              require(
                  cachedPromoter.check(
                      ref, new OciLayoutImageSource(layout), policy, trust, Progress.NONE));
      double coldMs = time(cold);
      double cachedMs = time(cached);
      if (cache.hits() < RUNS) {
        throw new IllegalStateException("the cached runs did not hit the cache: " + cache.hits());
      }
      System.out.printf(
          Locale.ROOT,
          "%-20s %10.2f %10.2f %8.3f%n",
          ImageRef.shortDigest(digest),
          coldMs,
          cachedMs,
          cachedMs / coldMs);
    }
  }

  private static void require(DigestCheck check) {
    if (!check.allowed()) {
      throw new IllegalStateException("the complete image must be allowed: " + check.message());
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  /** Median of {@link #RUNS} runs after {@link #WARMUP}, in milliseconds. */
  private static double time(Step step) throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      step.run();
    }
    double[] ms = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      step.run();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    java.util.Arrays.sort(ms);
    return ms[RUNS / 2];
  }
}

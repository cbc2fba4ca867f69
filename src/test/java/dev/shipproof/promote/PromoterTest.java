package dev.shipproof.promote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.demo.Demo;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.gitops.PublishOutcome;
import dev.shipproof.gitops.PublishRequest;
import dev.shipproof.testing.EvidenceFixtures;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The promoter against the fixture layout, with a recording git port. */
class PromoterTest {
  static final String IMAGE = "localhost:5000/acme/api";
  static final String SINGLE =
      "sha256:fef24f66563c240cf8f0646ba3df73bb12487c11a115e90f701ef4f5f3e93362";

  final List<PublishRequest> published = new ArrayList<>();
  final List<String> steps = new ArrayList<>();

  @Test
  void credentialsInTheGitUrlNeverReachTheOutcomeOrTheProgress() throws Exception {
    String url = "https://deploy:s3cr3t@git.example.invalid/payments/deploy.git";
    Promoter promoter =
        promoter(new PublishOutcome.Pushed("0123456789abcdef0123456789abcdef01234567"));

    Outcome outcome = promoter.promote(request(url, IMAGE + "@" + SINGLE), (s, d) -> steps.add(d));

    assertThat(outcome).isInstanceOf(Outcome.Landed.class);
    assertThat(outcome.message()).doesNotContain("s3cr3t").contains("***@git.example.invalid");
    assertThat(steps).noneMatch(s -> s.contains("s3cr3t"));
    assertThat(published).hasSize(1);
  }

  @Test
  void landedMessageNamesTheDigestNotTheUnverifiedTag() throws Exception {
    Promoter promoter =
        promoter(new PublishOutcome.Pushed("0123456789abcdef0123456789abcdef01234567"));

    Outcome outcome =
        promoter.promote(request("file:///x.git", IMAGE + ":9.9.9@" + SINGLE), Progress.NONE);

    assertThat(outcome.message()).contains(IMAGE + "@" + SINGLE).doesNotContain("9.9.9");
  }

  @Test
  void nothingIsPublishedWhenThePolicyDenies() throws Exception {
    Promoter promoter = promoter(new PublishOutcome.Pushed("unused"));
    String arm64 = "sha256:9001114091479d5f26248dc698f033a3326746777cc14533c0f5059b4d0dd37b";

    Outcome outcome =
        promoter.promote(request("file:///x.git", IMAGE + "@" + arm64), Progress.NONE);

    assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    assertThat(((Outcome.Refused) outcome).reason()).isEqualTo("EvidenceMissing");
    assertThat(published).isEmpty();
  }

  private Promoter promoter(PublishOutcome answer) {
    return new Promoter(
        RegistryRouting.from(Map.of(IMAGE, EvidenceFixtures.layout("complete")), List.of()),
        new SigstoreEvidenceVerifier(),
        request -> {
          published.add(request);
          return answer;
        });
  }

  private static PromotionRequest request(String url, String image) throws Exception {
    EnvironmentSpec env = new EnvironmentSpec();
    GitSpec git = new GitSpec();
    git.setUrl(url);
    env.setGit(git);
    TargetSpec target = new TargetSpec();
    target.setPath("overlay/kustomization.yaml");
    target.setImage(IMAGE);
    env.setTargets(List.of(target));
    env.setPolicy(Demo.policy());
    TrustRoot trust =
        TrustRoot.parse(
            Files.readAllBytes(
                EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json")));
    return new PromotionRequest("payments", "p", "uid-1", "production", env, image, "why", trust);
  }
}

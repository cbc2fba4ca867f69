package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.ConditionTypes;
import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.KeySigner;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.RegistrySpec;
import dev.shipproof.api.v1alpha1.SecretKeyRef;
import dev.shipproof.api.v1alpha1.SignerSpec;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.testing.DockerRegistry;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.FakeContext;
import dev.shipproof.testing.GitFixture;
import dev.shipproof.testing.LayoutPusher;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy that trusts a key from a Secret, end to end: the mock Kubernetes API, the fixture image
 * in a real registry, a real bare git repository.
 */
@EnableKubernetesMockClient(crud = true)
class KeyedPromotionReconcilerTest {
  static final String NS = "payments";
  static final String SINGLE = EvidenceFixtures.SINGLE;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

  static DockerRegistry registry;
  static String host;

  KubernetesClient client;
  @TempDir Path tmp;
  GitFixture git;
  PromotionReconciler reconciler;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = DockerRegistry.start();
    host = registry.host();
    LayoutPusher.into(registry).push(EvidenceFixtures.layout("complete"), "acme/api");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    git = GitFixture.kustomizeOverlay(tmp.resolve("remote.git"), List.of(host + "/acme/api"));
    var promoter =
        new Promoter(
            RegistryRouting.from(Map.of(), List.of()),
            new SigstoreEvidenceVerifier(),
            new JgitWorkspace(tmp.resolve("clones"), CLOCK));
    reconciler =
        new PromotionReconciler(
            promoter,
            new TrustRoots(
                Optional.of(
                    EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json"))),
            new EventRecorder(CLOCK),
            CLOCK,
            Progress.NONE);
    client.resource(environment("keyed")).create();
  }

  @Test
  void waitsForTheKeySecretThenPromotesWithTheKeyedSignature() throws Exception {
    create("keyed-1");

    var waiting = reconcile("keyed-1");

    assertThat(waiting.getPhase()).isEqualTo(Phase.Errored);
    assertThat(reason(waiting)).isEqualTo(Reasons.SIGNER_KEY_UNAVAILABLE);
    assertThat(waiting.getMessage()).contains("Secret payments/release-signing does not exist");

    secret(Files.readString(EvidenceFixtures.resource("/fixtures/evidence/trust/cosign.pub")));
    var landed = reconcile("keyed-1");

    assertThat(landed.getPhase()).as(landed.getMessage()).isEqualTo(Phase.Succeeded);
    assertThat(landed.getEvidence().get(0).getSigner())
        .isEqualTo("key 8e8c39d4b228313dedd588e4c6293cb75e3ce6cd09c2e074dbb0790f6119e2fe");
    assertThat(git.file(GitFixture.OVERLAY)).contains("digest: " + SINGLE);
  }

  @Test
  void refusesAnEnvironmentWhoseSecretHoldsNoPublicKey() throws Exception {
    secret("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    create("keyed-2");

    var status = reconcile("keyed-2");

    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    assertThat(reason(status)).isEqualTo(Reasons.INVALID_ENVIRONMENT);
    assertThat(status.getMessage()).contains("signatures[0].key is not a usable public key");
  }

  private void secret(String pem) {
    var data = Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    client
        .resource(
            new SecretBuilder()
                .withMetadata(
                    new ObjectMetaBuilder().withName("release-signing").withNamespace(NS).build())
                .withData(Map.of("cosign.pub", data))
                .build())
        .create();
  }

  private void create(String name) {
    var p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    var spec = new PromotionSpec();
    spec.setEnvironment("keyed");
    spec.setImage(host + "/acme/api@" + SINGLE);
    spec.setReason("test " + name);
    p.setSpec(spec);
    client.resource(p).create();
  }

  private PromotionStatus reconcile(String name) {
    var p = client.resources(Promotion.class).inNamespace(NS).withName(name).get();
    var ctx = new FakeContext<>(client, p, FakeContext.attempt(1, false));
    Optional<Promotion> patch;
    try {
      UpdateControl<Promotion> control = reconciler.reconcile(p, ctx);
      patch = control.isPatchStatus() ? control.getResource() : Optional.empty();
    } catch (Exception e) {
      patch = reconciler.updateErrorStatus(p, ctx, e).getResource();
    }
    patch.ifPresent(updated -> client.resource(updated).updateStatus());
    return client.resources(Promotion.class).inNamespace(NS).withName(name).get().getStatus();
  }

  private static String reason(PromotionStatus status) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(ConditionTypes.READY))
        .findFirst()
        .orElseThrow()
        .getReason();
  }

  private Environment environment(String name) {
    var ref = new SecretKeyRef();
    ref.setName("release-signing");
    var key = new KeySigner();
    key.setSecretRef(ref);
    var signer = new SignerSpec();
    signer.setKey(key);
    var policy = new PolicySpec();
    policy.setSignatures(new ArrayList<>(List.of(signer)));
    var env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    var spec = new EnvironmentSpec();
    var gitSpec = new GitSpec();
    gitSpec.setUrl(git.url());
    gitSpec.setBranch("main");
    spec.setGit(gitSpec);
    var target = new TargetSpec();
    target.setPath(GitFixture.OVERLAY);
    target.setFormat("kustomize");
    target.setImage(host + "/acme/api");
    spec.setTargets(List.of(target));
    var registrySpec = new RegistrySpec();
    registrySpec.setInsecure(true);
    spec.setRegistry(registrySpec);
    spec.setPolicy(policy);
    env.setSpec(spec);
    return env;
  }
}

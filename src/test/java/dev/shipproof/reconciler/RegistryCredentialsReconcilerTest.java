package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.ConditionTypes;
import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.RegistrySpec;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.config.RegistryRouting;
import dev.shipproof.demo.Demo;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.testing.DockerRegistry;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.FakeContext;
import dev.shipproof.testing.GitFixture;
import dev.shipproof.testing.LayoutPusher;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * Registry credentials from the Secret an Environment names, against docker-registry behind
 * htpasswd basic auth.
 */
@EnableKubernetesMockClient(crud = true)
class RegistryCredentialsReconcilerTest {
  static final String NS = "payments";
  static final String USER = "puller";
  static final String PASSWORD = "Secret-pull-pa55";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

  static DockerRegistry registry;

  KubernetesClient client;
  @TempDir Path tmp;
  PromotionReconciler reconciler;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = DockerRegistry.startWithBasicAuth(USER, PASSWORD);
    LayoutPusher.into(registry).push(EvidenceFixtures.layout("complete"), "acme/api");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    GitFixture git =
        GitFixture.kustomizeOverlay(
            tmp.resolve("remote.git"), List.of(registry.host() + "/acme/api"));
    Promoter promoter =
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
    client.resource(environment(git.url(), "pull-secret")).create();
  }

  @Test
  void readsTheRegistryWithTheCredentialsOfTheNamedSecret() {
    secret(Map.of(RegistrySecrets.KEY, dockerConfig(registry.host(), USER, PASSWORD)));

    PromotionStatus status = promote("release-1");

    assertThat(status.getPhase()).isEqualTo(Phase.Succeeded);
  }

  @Test
  void waitsWhileTheSecretDoesNotExist() {
    PromotionStatus status = promote("release-2");

    assertThat(status.getPhase()).isEqualTo(Phase.Errored);
    assertThat(reason(status)).isEqualTo(Reasons.REGISTRY_CREDENTIALS_NOT_FOUND);
    assertThat(status.getMessage()).contains("Secret payments/pull-secret");
  }

  @Test
  void refusesASecretWithoutTheDockerConfigKeyForGood() {
    secret(Map.of("password", base64(PASSWORD)));

    PromotionStatus status = promote("release-3");

    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    assertThat(reason(status)).isEqualTo(Reasons.REGISTRY_CREDENTIALS_INVALID);
    assertThat(status.getMessage()).contains(".dockerconfigjson").doesNotContain(PASSWORD);
  }

  @Test
  void refusesADockerConfigThatIsNotJsonWithoutQuotingIt() {
    secret(Map.of(RegistrySecrets.KEY, base64("user=" + USER + " password=" + PASSWORD)));

    PromotionStatus status = promote("release-4");

    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    assertThat(reason(status)).isEqualTo(Reasons.REGISTRY_CREDENTIALS_INVALID);
    assertThat(status.getMessage()).doesNotContain(PASSWORD);
  }

  @Test
  void credentialsForAnotherHostAreNotSentAndTheRegistryRefusesAccess() {
    secret(Map.of(RegistrySecrets.KEY, dockerConfig("registry.example.com", USER, PASSWORD)));

    PromotionStatus status = promote("release-5");

    assertThat(status.getPhase()).isEqualTo(Phase.Errored);
    assertThat(reason(status)).isEqualTo(Reasons.REGISTRY_UNAUTHORIZED);
  }

  private PromotionStatus promote(String name) {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment("production");
    spec.setImage(registry.host() + "/acme/api@" + EvidenceFixtures.SINGLE);
    p.setSpec(spec);
    client.resource(p).create();
    Promotion current = client.resources(Promotion.class).inNamespace(NS).withName(name).get();
    var ctx = new FakeContext<>(client, current, FakeContext.attempt(1, false));
    Optional<Promotion> patch;
    try {
      UpdateControl<Promotion> control = reconciler.reconcile(current, ctx);
      patch = control.isPatchStatus() ? control.getResource() : Optional.empty();
    } catch (Exception e) {
      patch = reconciler.updateErrorStatus(current, ctx, e).getResource();
    }
    return patch.orElseThrow().getStatus();
  }

  private void secret(Map<String, String> data) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("pull-secret")
                .withNamespace(NS)
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(data)
                .build())
        .create();
  }

  private static String dockerConfig(String host, String user, String password) {
    String auth = base64(user + ":" + password);
    return base64("{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}");
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String reason(PromotionStatus status) {
    Condition ready =
        status.getConditions().stream()
            .filter(c -> c.getType().equals(ConditionTypes.READY))
            .findFirst()
            .orElseThrow();
    return ready.getReason();
  }

  private static Environment environment(String gitUrl, String secretName) {
    Environment env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName("production").withNamespace(NS).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    GitSpec gitSpec = new GitSpec();
    gitSpec.setUrl(gitUrl);
    gitSpec.setBranch("main");
    spec.setGit(gitSpec);
    TargetSpec target = new TargetSpec();
    target.setPath(GitFixture.OVERLAY);
    target.setFormat("kustomize");
    target.setImage(registry.host() + "/acme/api");
    spec.setTargets(List.of(target));
    RegistrySpec reg = new RegistrySpec();
    reg.setInsecure(true);
    reg.setCredentialsSecret(secretName);
    spec.setRegistry(reg);
    spec.setPolicy(Demo.policy());
    env.setSpec(spec);
    return env;
  }
}

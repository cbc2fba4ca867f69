package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import dev.shipproof.testing.SshGitServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git credentials and signing keys from the Secrets an Environment names, through the reconciler: a
 * missing Secret is waited for, an unusable one is refused for good, and over SSH (Debian's sshd on
 * 127.0.0.1) an unknown host key is refused while a known one lands a signed commit.
 */
@EnableKubernetesMockClient(crud = true)
class GitCredentialsReconcilerTest {
  static final String NS = "payments";

  static DockerRegistry registry;
  @TempDir static Path shared;
  static SshGitServer sshd;

  KubernetesClient client;
  @TempDir Path tmp;
  GitFixture git;
  PromotionReconciler reconciler;

  @BeforeAll
  static void start() throws Exception {
    registry = DockerRegistry.start();
    LayoutPusher.into(registry).push(EvidenceFixtures.layout("complete"), "acme/api");
    if (SshGitServer.available()) {
      sshd = SshGitServer.start(shared);
    }
  }

  @AfterAll
  static void stop() {
    registry.close();
    if (sshd != null) {
      sshd.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    git = GitFixture.kustomizeOverlay(tmp.resolve("remote.git"), List.of(image()));
    Promoter promoter =
        new Promoter(
            RegistryRouting.from(Map.of(), List.of()),
            new SigstoreEvidenceVerifier(),
            new JgitWorkspace(tmp.resolve("clones"), Clock.systemUTC()));
    reconciler =
        new PromotionReconciler(
            promoter,
            new TrustRoots(
                Optional.of(
                    EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json"))),
            new EventRecorder(Clock.systemUTC()),
            Clock.systemUTC(),
            Progress.NONE);
  }

  private static String image() {
    return registry.host() + "/acme/api";
  }

  @Test
  void missingCredentialsSecretIsErroredGitCredentialsNotFound() throws Exception {
    client.resource(environment(git.url(), "git-creds", null)).create();
    RevCommit before = git.head();

    PromotionStatus status = promote("release-1");

    assertThat(status.getPhase()).isEqualTo(Phase.Errored);
    assertThat(reason(status)).isEqualTo(Reasons.GIT_CREDENTIALS_NOT_FOUND);
    assertThat(status.getMessage())
        .contains("Secret payments/git-creds named by spec.git.credentialsSecret");
    assertThat(git.head()).isEqualTo(before);
  }

  @Test
  void missingSigningSecretIsErroredGitCredentialsNotFound() throws Exception {
    client.resource(environment(git.url(), null, "git-signing")).create();

    PromotionStatus status = promote("release-2");

    assertThat(status.getPhase()).isEqualTo(Phase.Errored);
    assertThat(reason(status)).isEqualTo(Reasons.GIT_CREDENTIALS_NOT_FOUND);
    assertThat(status.getMessage()).contains("spec.git.signingSecret");
  }

  @Test
  void wrongSecretIsFailedGitCredentialsInvalidWithAnEventAndNothingPushed() throws Exception {
    client.resource(environment(git.url(), "git-creds", null)).create();
    String key = "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n";
    secret("git-creds", Map.of("identity", key));
    RevCommit before = git.head();

    PromotionStatus status = promote("release-3");

    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    assertThat(reason(status)).isEqualTo(Reasons.GIT_CREDENTIALS_INVALID);
    assertThat(status.getMessage())
        .contains("Secret payments/git-creds")
        .contains("no known_hosts")
        .doesNotContain("c2VjcmV0");
    assertThat(events("release-3"))
        .extracting(Event::getReason)
        .contains(Reasons.GIT_CREDENTIALS_INVALID);
    assertThat(git.head()).isEqualTo(before);
  }

  @Test
  void sshKeyForAnHttpsUrlIsFailedGitCredentialsInvalid() throws Exception {
    assumeTrue(sshd != null, SshGitServer.unavailableMessage());
    var key = SshGitServer.generateKey(tmp, "ed25519", null);
    client
        .resource(environment("https://git.example.com/acme/deploy.git", "git-creds", null))
        .create();
    secret("git-creds", Map.of("identity", key.privateKey(), "known_hosts", sshd.knownHostsLine()));

    PromotionStatus status = promote("release-4");

    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    assertThat(reason(status)).isEqualTo(Reasons.GIT_CREDENTIALS_INVALID);
    assertThat(status.getMessage()).contains("http(s) URL");
  }

  @Test
  void promotesOverSshAndSignsTheCommit() throws Exception {
    assumeTrue(sshd != null, SshGitServer.unavailableMessage());
    var login = sshd.authorize(SshGitServer.generateKey(tmp, "ed25519", "login-pass"));
    var signer = SshGitServer.generateKey(tmp, "ed25519", null);
    client.resource(environment(sshd.url(bareRepo()), "git-creds", "git-signing")).create();
    secret(
        "git-creds",
        Map.of(
            "identity",
            login.privateKey(),
            "passphrase",
            "login-pass",
            "known_hosts",
            sshd.knownHostsLine()));
    secret("git-signing", Map.of("signingKey", signer.privateKey()));

    PromotionStatus status = promote("release-5");

    assertThat(status.getPhase()).as(status.getMessage()).isEqualTo(Phase.Succeeded);
    RevCommit head = git.head();
    assertThat(head.name()).isEqualTo(status.getCommit());
    Path allowed = tmp.resolve("allowed-signers");
    Files.writeString(allowed, "shipproof@example.com namespaces=\"git\" " + signer.publicKey());
    var verify =
        new ProcessBuilder(
                "git",
                "-C",
                bareRepo().toString(),
                "-c",
                "gpg.format=ssh",
                "-c",
                "gpg.ssh.allowedSignersFile=" + allowed,
                "verify-commit",
                head.name())
            .redirectErrorStream(true)
            .start();
    String out = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(verify.exitValue()).as(out).isZero();
  }

  @Test
  void unknownHostKeyIsFailedGitHostKeyUnknownAndNothingPushed() throws Exception {
    assumeTrue(sshd != null, SshGitServer.unavailableMessage());
    var login = sshd.authorize(SshGitServer.generateKey(tmp, "ed25519", null));
    var impostor = SshGitServer.generateKey(tmp, "ed25519", null).publicKey().split(" ");
    client.resource(environment(sshd.url(bareRepo()), "git-creds", null)).create();
    secret(
        "git-creds",
        Map.of(
            "identity",
            login.privateKey(),
            "known_hosts",
            "[127.0.0.1]:" + sshd.port() + " " + impostor[0] + " " + impostor[1]));
    RevCommit before = git.head();

    PromotionStatus status = promote("release-6");

    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    assertThat(reason(status)).isEqualTo(Reasons.GIT_HOST_KEY_UNKNOWN);
    assertThat(status.getMessage()).contains("SSH host key of").contains("SHA256:");
    assertThat(events("release-6"))
        .extracting(Event::getReason)
        .contains(Reasons.GIT_HOST_KEY_UNKNOWN);
    assertThat(git.head()).isEqualTo(before);
  }

  private Path bareRepo() {
    return tmp.resolve("remote.git");
  }

  private PromotionStatus promote(String name) {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment("production");
    spec.setImage(image() + "@" + EvidenceFixtures.SINGLE);
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

  private void secret(String name, Map<String, String> values) {
    Map<String, String> data = new HashMap<>();
    values.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withData(data)
                .build())
        .create();
  }

  private List<Event> events(String name) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static String reason(PromotionStatus status) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(ConditionTypes.READY))
        .findFirst()
        .orElseThrow()
        .getReason();
  }

  private static Environment environment(String gitUrl, String credentials, String signing) {
    Environment env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName("production").withNamespace(NS).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    GitSpec gitSpec = new GitSpec();
    gitSpec.setUrl(gitUrl);
    gitSpec.setBranch("main");
    gitSpec.setCredentialsSecret(credentials);
    gitSpec.setSigningSecret(signing);
    spec.setGit(gitSpec);
    TargetSpec target = new TargetSpec();
    target.setPath(GitFixture.OVERLAY);
    target.setFormat("kustomize");
    target.setImage(image());
    spec.setTargets(List.of(target));
    RegistrySpec reg = new RegistrySpec();
    reg.setInsecure(true);
    spec.setRegistry(reg);
    spec.setPolicy(Demo.policy());
    env.setSpec(spec);
    return env;
  }
}

package dev.shipproof.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.gitops.CommitSigning;
import dev.shipproof.gitops.GitAccess;
import dev.shipproof.gitops.GitCredentials;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.promote.PromotionRequest;
import dev.shipproof.reconciler.TrustRoots;
import dev.shipproof.registry.RegistryCredentials;
import dev.shipproof.testing.DockerRegistry;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.GitFixture;
import dev.shipproof.testing.GitHttpServer;
import dev.shipproof.testing.LayoutPusher;
import dev.shipproof.testing.SshGitServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs promotions that carry credentials, good and failing, then scans everything a person or a log
 * pipeline can read (every log record at every level, Events, Promotion and Environment statuses,
 * commit messages, the message and toString of everything thrown) for recognisable canary secrets,
 * raw, base64 and URL-encoded.
 */
@EnableKubernetesMockClient(crud = true)
class SecretsNeverLeakTest {
  static final String REGISTRY_USER = "ci-bot";
  static final String REGISTRY_PASSWORD = "CanaryReg+Pass/7Q=";
  static final String WRONG_PASSWORD = "CanaryWrong+Pass/3Z";
  static final String GIT_PASSWORD = "CanaryGitPassw0rdX1";
  static final String GIT_TOKEN = "ghp_CanaryGitToken0000X2";
  static final String SSH_KEY =
      "-----BEGIN OPENSSH PRIVATE KEY-----\n"
          + "CanarySshKeyMaterialX3\n"
          + "-----END OPENSSH PRIVATE KEY-----";
  static final String PASSPHRASE = "CanaryPassphraseX4";
  static final String PGP_KEY = "-----BEGIN PGP PRIVATE KEY BLOCK-----\nCanaryPgpX5\n-----END";
  static final String WRONG_GIT_PASSWORD = "CanaryWrongGitPassX6";
  static final String SSH_PASSPHRASE = "CanaryLoginPassphraseX7";

  /** Secrets made during the run (generated keys), scanned for like the fixed canaries. */
  static final List<String> LIVE_CANARIES = new CopyOnWriteArrayList<>();

  static KubernetesClient client;
  @TempDir static Path tmp;
  static DockerRegistry registry;
  static HostileWorld world;
  static final List<String> LOG = new CopyOnWriteArrayList<>();
  static Handler capture;
  static final Map<String, Level> LEVELS = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            StringBuilder text = new StringBuilder(String.valueOf(r.getMessage()));
            if (r.getParameters() != null) {
              for (Object p : r.getParameters()) {
                text.append(' ').append(p);
              }
            }
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
              text.append(' ').append(t);
              for (StackTraceElement e : t.getStackTrace()) {
                text.append(' ').append(e);
              }
            }
            LOG.add(r.getLoggerName() + " " + r.getLevel() + " " + text);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    capture.setLevel(Level.ALL);
    Logger.getLogger("").addHandler(capture);
    for (String name :
        List.of("dev.shipproof", "org.eclipse.jgit", "land.oras", "io.javaoperatorsdk")) {
      Logger logger = Logger.getLogger(name);
      LEVELS.put(name, logger.getLevel());
      logger.setLevel(Level.ALL);
    }
    registry = DockerRegistry.startWithBasicAuth(REGISTRY_USER, REGISTRY_PASSWORD);
    LayoutPusher.into(registry).push(EvidenceFixtures.layout("complete"), "acme/api");
    world = new HostileWorld(client, tmp);
  }

  @AfterAll
  static void stop() {
    Logger.getLogger("").removeHandler(capture);
    LEVELS.forEach((name, level) -> Logger.getLogger(name).setLevel(level));
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void noCanaryInLogsEventsStatusesCommitsOrExceptions() throws Exception {
    List<String> thrown = new ArrayList<>();
    List<GitFixture> repos = new ArrayList<>();
    String image = registry.host() + "/acme/api";

    // 1. Registry basic auth that works: lands.
    GitFixture good = repo("good", repos);
    environment("good", good.url(), pullSecret("good", REGISTRY_PASSWORD), null);
    assertThat(run("good", image + "@" + EvidenceFixtures.SINGLE).getPhase())
        .isEqualTo(Phase.Succeeded);

    // 2. A wrong registry password: retried as unauthorized.
    environment("wrong", repo("wrong", repos).url(), pullSecret("wrong", WRONG_PASSWORD), null);
    assertThat(reason(run("wrong", image + "@" + EvidenceFixtures.SINGLE)))
        .isEqualTo(Reasons.REGISTRY_UNAUTHORIZED);

    // 3. Credentials in the git URL, nothing listening there.
    int closed = HostileCases.closedPort();
    environment(
        "git-url",
        "http://deploy:" + GIT_PASSWORD + "@127.0.0.1:" + closed + "/repo.git",
        pullSecret("git-url", REGISTRY_PASSWORD),
        null);
    assertThat(reason(run("git-url", image + "@" + EvidenceFixtures.SINGLE)))
        .isEqualTo(Reasons.GIT_UNAVAILABLE);
    environment(
        "git-token",
        "http://" + GIT_TOKEN + "@127.0.0.1:" + closed + "/repo.git",
        pullSecret("git-token", REGISTRY_PASSWORD),
        null);
    assertThat(reason(run("git-token", image + "@" + EvidenceFixtures.SINGLE)))
        .isEqualTo(Reasons.GIT_UNAVAILABLE);

    // 4. A git credentials Secret and a signing Secret in the API (the keys docs/reference.md
    // names). The credentials Secret mixes HTTPS and SSH keys, so the reconciler refuses it
    // (GitCredentialsInvalid) after reading every key: the refusal's message is scanned too.
    GitFixture withSecrets = repo("git-secret", repos);
    secret(
        "git-creds",
        Map.of(
            "username", "deploy",
            "password", GIT_PASSWORD,
            "token", GIT_TOKEN,
            "identity", SSH_KEY,
            "passphrase", PASSPHRASE,
            "known_hosts", "127.0.0.1 ssh-ed25519 AAAA"));
    secret("git-signing", Map.of("signingKey", PGP_KEY, "passphrase", PASSPHRASE));
    Environment env =
        environment(
            "git-secret",
            withSecrets.url(),
            pullSecret("git-secret", REGISTRY_PASSWORD),
            "git-creds");
    assertThat(reason(run("git-secret", image + "@" + EvidenceFixtures.INDEX)))
        .isEqualTo(Reasons.GIT_CREDENTIALS_INVALID);

    // 5. The promoter directly, with every kind of GitAccess: lands, then fails on a closed port.
    Promoter promoter =
        new Promoter(
            HostileWorld.shortTimeouts(),
            new SigstoreEvidenceVerifier(),
            new JgitWorkspace(tmp.resolve("direct-clones"), HostileWorld.CLOCK, d -> {}, null));
    GitFixture direct = repo("direct", repos);
    List<GitAccess> accesses =
        List.of(
            new GitAccess(
                new GitCredentials.Basic("deploy", GIT_PASSWORD),
                new CommitSigning.SshKey(SSH_KEY, PASSPHRASE)),
            new GitAccess(
                new GitCredentials.SshKey(SSH_KEY, PASSPHRASE, "127.0.0.1 ssh-ed25519 AAAA"),
                new CommitSigning.OpenPgp(PGP_KEY, PASSPHRASE)));
    String[] urls = {direct.url(), "http://127.0.0.1:" + closed + "/repo.git"};
    int n = 0;
    for (GitAccess access : accesses) {
      for (String url : urls) {
        Environment e = HostileWorld.environment("direct", url, GitFixture.OVERLAY, image);
        PromotionRequest request =
            new PromotionRequest(
                    HostileWorld.NS,
                    "direct-" + n,
                    "uid-" + n++,
                    "direct",
                    e.getSpec(),
                    image + "@" + (n % 2 == 0 ? EvidenceFixtures.SINGLE : EvidenceFixtures.INDEX),
                    "scan",
                    new TrustRoots(
                            Optional.of(
                                EvidenceFixtures.resource(
                                    "/fixtures/evidence/trust/trusted_root.json")))
                        .forEnvironment(client, env))
                .withRegistryCredentials(
                    RegistryCredentials.fromDockerConfigJson(dockerConfig(REGISTRY_PASSWORD)))
                .withGitAccess(access);
        thrown.add(request.toString());
        thrown.add(access.toString());
        try {
          thrown.add(promoter.promote(request, Progress.NONE).toString());
        } catch (Exception ex) {
          for (Throwable t = ex; t != null; t = t.getCause()) {
            thrown.add(t.toString());
            thrown.add(String.valueOf(t.getMessage()));
          }
        }
      }
    }

    // 6. Registry credentials for a registry that is down.
    Environment down =
        HostileWorld.environment(
            "down", repo("down", repos).url(), GitFixture.OVERLAY, "127.0.0.1:1/acme/api");
    down.getSpec()
        .getRegistry()
        .setCredentialsSecret(pullSecretFor("down", "127.0.0.1:1", REGISTRY_PASSWORD));
    client.resource(down).create();
    assertThat(reason(run("down", "127.0.0.1:1/acme/api@" + EvidenceFixtures.SINGLE)))
        .isEqualTo(Reasons.REGISTRY_UNAVAILABLE);
    // 7. Credentials that really authenticate, through the reconciler: git http-backend behind
    // basic auth (a password, a token, and a wrong password), and Debian's sshd with a generated
    // key behind a passphrase, signing the commit with another generated key.
    GitFixture overHttp = repo("http-basic", repos);
    GitHttpServer.allowPushes(tmp.resolve("http-basic.git"), Map.of());
    try (GitHttpServer basic = GitHttpServer.withUser(tmp, "deploy", GIT_PASSWORD);
        GitHttpServer token = GitHttpServer.withToken(tmp, GIT_TOKEN)) {
      secret("http-basic", Map.of("username", "deploy", "password", GIT_PASSWORD));
      gitEnvironment("http-basic", basic.url("http-basic.git"), "http-basic", null);
      assertThat(run("http-basic", image + "@" + EvidenceFixtures.SINGLE).getPhase())
          .isEqualTo(Phase.Succeeded);

      secret("http-token", Map.of("token", GIT_TOKEN));
      gitEnvironment("http-token", token.url("http-basic.git"), "http-token", null);
      assertThat(run("http-token", image + "@" + EvidenceFixtures.INDEX).getPhase())
          .isEqualTo(Phase.Succeeded);

      secret("http-wrong", Map.of("username", "deploy", "password", WRONG_GIT_PASSWORD));
      gitEnvironment("http-wrong", basic.url("http-basic.git"), "http-wrong", null);
      assertThat(reason(run("http-wrong", image + "@" + EvidenceFixtures.SINGLE)))
          .isEqualTo(Reasons.GIT_UNAUTHORIZED);
    }
    assertThat(overHttp.head().getParentCount()).isEqualTo(1);
    if (SshGitServer.available()) {
      try (SshGitServer sshd =
          SshGitServer.start(java.nio.file.Files.createDirectories(tmp.resolve("sshd")))) {
        var login = sshd.authorize(SshGitServer.generateKey(tmp, "ed25519", SSH_PASSPHRASE));
        var signer = SshGitServer.generateKey(tmp, "ed25519", null);
        LIVE_CANARIES.add(SSH_PASSPHRASE);
        LIVE_CANARIES.add(keyBody(login.privateKey()));
        LIVE_CANARIES.add(keyBody(signer.privateKey()));
        GitFixture overSsh = repo("ssh", repos);
        secret(
            "ssh-login",
            Map.of(
                "identity",
                login.privateKey(),
                "passphrase",
                SSH_PASSPHRASE,
                "known_hosts",
                sshd.knownHostsLine()));
        secret("ssh-signing", Map.of("signingKey", signer.privateKey()));
        gitEnvironment("ssh", sshd.url(tmp.resolve("ssh.git")), "ssh-login", "ssh-signing");
        PromotionStatus landed = run("ssh", image + "@" + EvidenceFixtures.SINGLE);
        assertThat(landed.getPhase()).as(landed.getMessage()).isEqualTo(Phase.Succeeded);
        assertThat(overSsh.head().getRawGpgSignature()).isNotNull();
      }
    }
    thrown.addAll(RECONCILE_ERRORS);

    Map<String, List<String>> scanned = new LinkedHashMap<>();
    scanned.put("log records", new ArrayList<>(LOG));
    scanned.put(
        "events",
        client.v1().events().inNamespace(HostileWorld.NS).list().getItems().stream()
            .map(e -> e.getReason() + " " + e.getMessage())
            .toList());
    scanned.put(
        "promotion statuses",
        client.resources(Promotion.class).inNamespace(HostileWorld.NS).list().getItems().stream()
            .map(p -> io.fabric8.kubernetes.client.utils.Serialization.asJson(p.getStatus()))
            .toList());
    scanned.put(
        "environment statuses",
        client.resources(Environment.class).inNamespace(HostileWorld.NS).list().getItems().stream()
            .map(p -> io.fabric8.kubernetes.client.utils.Serialization.asJson(p.getStatus()))
            .toList());
    List<String> commits = new ArrayList<>();
    for (GitFixture r : repos) {
      try (Git git = Git.open(Path.of(java.net.URI.create(r.url())).toFile())) {
        for (RevCommit c : git.log().all().call()) {
          commits.add(c.getFullMessage() + " " + c.getAuthorIdent() + " " + c.getCommitterIdent());
        }
      }
    }
    scanned.put("commit messages", commits);
    scanned.put("exceptions and toString", thrown);

    Set<String> forms = canaryForms();
    StringBuilder report = new StringBuilder("secrets scan:");
    for (Map.Entry<String, List<String>> e : scanned.entrySet()) {
      long chars = e.getValue().stream().mapToLong(String::length).sum();
      report.append(' ').append(e.getKey()).append('=').append(e.getValue().size());
      report.append(" (").append(chars).append(" chars);");
      for (String text : e.getValue()) {
        for (String form : forms) {
          assertThat(text).as("%s leaks a secret (%s)", e.getKey(), form).doesNotContain(form);
        }
      }
    }
    System.out.println(report.append(" canary forms=").append(forms.size()));
    assertThat(scanned.get("log records")).as("logs were captured at DEBUG").isNotEmpty();
    assertThat(commits).isNotEmpty();
  }

  // --- helpers -------------------------------------------------------------------------------

  static final List<String> RECONCILE_ERRORS = new CopyOnWriteArrayList<>();

  private PromotionStatus run(String name, String image) {
    world.create(name, name, image);
    Promotion p = world.get(name);
    var ctx =
        new dev.shipproof.testing.FakeContext<>(
            client, p, dev.shipproof.testing.FakeContext.attempt(1, false));
    Optional<Promotion> patch;
    try {
      var control = world.reconciler.reconcile(p, ctx);
      patch = control.isPatchStatus() ? control.getResource() : Optional.empty();
    } catch (Exception e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        RECONCILE_ERRORS.add(t.toString());
      }
      patch = world.reconciler.updateErrorStatus(p, ctx, e).getResource();
    }
    patch.ifPresent(updated -> client.resource(updated).updateStatus());
    return world.get(name).getStatus();
  }

  private static String reason(PromotionStatus status) {
    return HostileWorld.condition(status, "Ready").getReason();
  }

  private GitFixture repo(String name, List<GitFixture> repos) throws Exception {
    GitFixture repo =
        GitFixture.kustomizeOverlay(
            tmp.resolve(name + ".git"),
            List.of(registry.host() + "/acme/api", "127.0.0.1:1/acme/api"));
    repos.add(repo);
    return repo;
  }

  private Environment environment(String name, String url, String pullSecret, String gitSecret) {
    Environment env =
        HostileWorld.environment(name, url, GitFixture.OVERLAY, registry.host() + "/acme/api");
    env.getSpec().getRegistry().setCredentialsSecret(pullSecret);
    if (gitSecret != null) {
      env.getSpec().getGit().setCredentialsSecret(gitSecret);
      env.getSpec().getGit().setSigningSecret("git-signing");
    }
    client.resource(env).create();
    return env;
  }

  /** An Environment whose git credentials (and signing key, if any) are in these Secrets. */
  private void gitEnvironment(String name, String url, String credentials, String signing) {
    Environment env =
        HostileWorld.environment(name, url, GitFixture.OVERLAY, registry.host() + "/acme/api");
    env.getSpec().getRegistry().setCredentialsSecret(pullSecret(name, REGISTRY_PASSWORD));
    env.getSpec().getGit().setCredentialsSecret(credentials);
    env.getSpec().getGit().setSigningSecret(signing);
    client.resource(env).create();
  }

  /** The longest line of a PEM-style private key's body: key material no one else prints. */
  private static String keyBody(String privateKey) {
    return privateKey
        .lines()
        .filter(l -> !l.startsWith("-----"))
        .max(java.util.Comparator.comparingInt(String::length))
        .orElseThrow();
  }

  private String pullSecret(String name, String password) {
    return pullSecretFor(name, registry.host(), password);
  }

  private String pullSecretFor(String name, String host, String password) {
    String auth =
        Base64.getEncoder()
            .encodeToString((REGISTRY_USER + ":" + password).getBytes(StandardCharsets.UTF_8));
    secret(
        name + "-pull",
        Map.of(".dockerconfigjson", "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}"));
    return name + "-pull";
  }

  private String dockerConfig(String password) {
    return "{\"auths\":{\""
        + registry.host()
        + "\":{\"username\":\""
        + REGISTRY_USER
        + "\",\"password\":\""
        + password.replace("/", "\\/")
        + "\"}}}";
  }

  private void secret(String name, Map<String, String> data) {
    Map<String, String> encoded = new LinkedHashMap<>();
    data.forEach(
        (k, v) ->
            encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    HasMetadata s =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(HostileWorld.NS)
            .endMetadata()
            .withData(encoded)
            .build();
    client.resource((Secret) s).create();
  }

  /** Each canary raw, base64 (alone and as user:password), and URL-encoded. */
  private static Set<String> canaryForms() {
    Set<String> forms = new LinkedHashSet<>();
    List<String> canaries = new ArrayList<>(LIVE_CANARIES);
    canaries.addAll(
        List.of(
            REGISTRY_PASSWORD,
            WRONG_PASSWORD,
            GIT_PASSWORD,
            GIT_TOKEN,
            "CanarySshKeyMaterialX3",
            PASSPHRASE,
            "CanaryPgpX5",
            WRONG_GIT_PASSWORD));
    for (String c : canaries) {
      forms.add(c);
      forms.add(Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.UTF_8)));
      for (String user : List.of(REGISTRY_USER, "deploy")) {
        forms.add(
            Base64.getEncoder().encodeToString((user + ":" + c).getBytes(StandardCharsets.UTF_8)));
      }
      forms.add(URLEncoder.encode(c, StandardCharsets.UTF_8));
    }
    return forms;
  }
}

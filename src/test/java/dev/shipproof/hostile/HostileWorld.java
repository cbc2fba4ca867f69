package dev.shipproof.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.ConditionTypes;
import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.RegistrySpec;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.demo.Demo;
import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.model.ImageRef;
import dev.shipproof.promote.ImageSources;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.promote.VerdictCache;
import dev.shipproof.reconciler.EventRecorder;
import dev.shipproof.reconciler.PromotionReconciler;
import dev.shipproof.reconciler.TrustRoots;
import dev.shipproof.registry.EvidenceLimits;
import dev.shipproof.registry.ImageSource;
import dev.shipproof.registry.OrasImageSource;
import dev.shipproof.registry.RegistryAccess;
import dev.shipproof.registry.RegistryCredentials;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.FakeContext;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;

/**
 * The real reconciler over the fabric8 mock API, real registries and real bare repositories, for
 * hostile-input tables: seeds a repository per case, runs a Promotion, reads back status, Events
 * and the branch tip.
 */
final class HostileWorld {
  static final String NS = "hostile";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

  /** Short enough for a slow-loris case to end quickly, long enough for a real registry. */
  static final Duration REQUEST_TIMEOUT = Duration.ofMillis(1500);

  final KubernetesClient client;
  final Path root;
  final PromotionReconciler reconciler;

  HostileWorld(KubernetesClient client, Path root) throws IOException {
    this.client = client;
    this.root = root;
    Promoter promoter =
        new Promoter(
            shortTimeouts(),
            new SigstoreEvidenceVerifier(),
            new JgitWorkspace(root.resolve("clones"), CLOCK, d -> {}, null),
            new VerdictCache(64));
    this.reconciler =
        new PromotionReconciler(
            promoter,
            new TrustRoots(
                Optional.of(
                    EvidenceFixtures.resource("/fixtures/evidence/trust/trusted_root.json"))),
            new EventRecorder(CLOCK),
            CLOCK,
            Progress.NONE);
  }

  /** Plain-HTTP registries on 127.0.0.1 with short timeouts, credentials only where named. */
  static ImageSources shortTimeouts() {
    return new ImageSources() {
      @Override
      public ImageSource open(ImageRef ref, boolean insecure) {
        return open(ref, insecure, null);
      }

      @Override
      public ImageSource open(ImageRef ref, boolean insecure, RegistryCredentials credentials) {
        return new OrasImageSource(
            host -> {
              RegistryAccess access =
                  RegistryAccess.defaults()
                      .withInsecure(insecure)
                      .withTimeouts(Duration.ofSeconds(1), REQUEST_TIMEOUT);
              return credentials == null ? access : credentials.accessFor(access, host);
            },
            EvidenceLimits.DEFAULTS);
      }
    };
  }

  /** A bare repository holding these files (and symlinks: a value starting with {@code ->}). */
  static Path seed(Path bare, Map<String, byte[]> files) throws Exception {
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    Path work = bare.resolveSibling(bare.getFileName() + "-seed");
    try (Git git =
        Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(work.toFile()).call()) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path file = work.resolve(f.getKey());
        Files.createDirectories(file.getParent());
        String text = new String(f.getValue(), StandardCharsets.ISO_8859_1);
        if (text.startsWith("->")) {
          Files.createSymbolicLink(file, Path.of(text.substring(2)));
        } else {
          Files.write(file, f.getValue());
        }
      }
      git.add().addFilepattern(".").call();
      PersonIdent person = new PersonIdent("Seed", "seed@example.com");
      git.commit().setMessage("seed").setAuthor(person).setCommitter(person).call();
      git.push().setRemote("origin").setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
    }
    return bare;
  }

  /** A kustomization listing these image names, tagged. */
  static String overlay(String... names) {
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nimages:\n");
    for (String name : names) {
      yaml.append("  - name: ").append(name).append("\n    newTag: \"0.9.0\"\n");
    }
    return yaml.toString();
  }

  static Map<String, byte[]> files(String path, String text) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(path, text.getBytes(StandardCharsets.UTF_8));
    return files;
  }

  /** The tip of main, or {@code null} when there is none. */
  static ObjectId tip(Path bare) throws IOException {
    try (Repository repo = Git.open(bare.toFile()).getRepository()) {
      return repo.resolve("refs/heads/main");
    }
  }

  static Environment environment(String name, String url, String path, String image) {
    Environment env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    GitSpec git = new GitSpec();
    git.setUrl(url);
    git.setBranch("main");
    spec.setGit(git);
    TargetSpec target = new TargetSpec();
    target.setPath(path);
    target.setFormat("kustomize");
    target.setImage(image);
    spec.setTargets(List.of(target));
    RegistrySpec reg = new RegistrySpec();
    reg.setInsecure(true);
    spec.setRegistry(reg);
    spec.setPolicy(Demo.policy());
    env.setSpec(spec);
    return env;
  }

  void create(String name, String env, String image) {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(env);
    spec.setImage(image);
    spec.setReason("hostile input test " + name);
    p.setSpec(spec);
    client.resource(p).create();
  }

  Promotion get(String name) {
    return client.resources(Promotion.class).inNamespace(NS).withName(name).get();
  }

  /**
   * One reconciliation as the operator SDK runs it: reconcile, or on an exception the error path.
   */
  PromotionStatus reconcile(String name) {
    Promotion p = get(name);
    var ctx = new FakeContext<>(client, p, FakeContext.attempt(1, false));
    Optional<Promotion> patch;
    try {
      UpdateControl<Promotion> control = reconciler.reconcile(p, ctx);
      patch = control.isPatchStatus() ? control.getResource() : Optional.empty();
    } catch (Exception e) {
      patch = reconciler.updateErrorStatus(p, ctx, e).getResource();
    }
    patch.ifPresent(updated -> client.resource(updated).updateStatus());
    return get(name).getStatus();
  }

  List<Event> events(String name) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  static Condition condition(PromotionStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no condition " + type + " in " + status.getConditions()));
  }

  /**
   * The promotion ended with {@code reason} in {@code phase}, said so in plain words and in one
   * Warning Event, and leaked no stack trace, class name or secret.
   */
  PromotionStatus assertClearRefusal(
      String promotion, PromotionStatus status, Phase phase, String reason, List<String> secrets) {
    assertThat(status).as("status of " + promotion).isNotNull();
    assertThat(status.getPhase()).as("phase; message: " + status.getMessage()).isEqualTo(phase);
    assertThat(condition(status, ConditionTypes.READY).getReason())
        .as("reason; message: " + status.getMessage())
        .isEqualTo(reason);
    assertPlain(status.getMessage(), secrets);
    for (Condition c : status.getConditions()) {
      assertPlain(c.getMessage(), secrets);
    }
    List<Event> warnings =
        events(promotion).stream().filter(e -> "Warning".equals(e.getType())).toList();
    assertThat(warnings).extracting(Event::getReason).containsExactly(reason);
    warnings.forEach(e -> assertPlain(e.getMessage(), secrets));
    return status;
  }

  static void assertPlain(String message, List<String> secrets) {
    assertThat(message)
        .isNotBlank()
        .doesNotContain("\tat ")
        .doesNotContain("Exception")
        .doesNotContain("java.")
        .doesNotContain("org.eclipse")
        .doesNotContain("land.oras")
        .doesNotContain("\n");
    for (String secret : secrets) {
      assertThat(message).doesNotContain(secret);
    }
  }
}

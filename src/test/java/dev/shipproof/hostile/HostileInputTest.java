package dev.shipproof.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.testing.DockerRegistry;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.GitFixture;
import dev.shipproof.testing.LayoutPusher;
import dev.shipproof.testing.LyingRegistry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input, one table: each case runs a Promotion through the real reconciler (fabric8 mock
 * API in CRUD mode, Debian's docker-registry behind a {@link LyingRegistry}, real bare
 * repositories) and checks that it ends with a clear reason in status and one Warning Event, that
 * nothing was pushed, and that a good promotion into another environment still lands afterwards.
 * The cases are listed by category in {@link HostileCases}.
 */
@EnableKubernetesMockClient(crud = true)
class HostileInputTest {
  static KubernetesClient client;
  @TempDir static Path tmp;

  static DockerRegistry registry;
  static LyingRegistry liar;
  static HostileWorld world;
  static final AtomicInteger SEQ = new AtomicInteger();
  static final Map<String, Integer> COUNTS = new TreeMap<>();
  static long started;
  static Path sharedRepo;
  static GitFixture goodRepo;
  static int goods;

  @BeforeAll
  static void start() throws Exception {
    started = System.nanoTime();
    registry = DockerRegistry.start();
    LayoutPusher.into(registry).push(EvidenceFixtures.layout("complete"), "acme/api");
    liar = LyingRegistry.before(registry);
    world = new HostileWorld(client, tmp);
  }

  @AfterAll
  static void stop() {
    if (liar != null) {
      liar.close();
    }
    if (registry != null) {
      registry.close();
    }
    int total = COUNTS.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(
        "hostile input: %d cases in %.1f s: %s%n",
        total, (System.nanoTime() - started) / 1e9, COUNTS);
  }

  @TestFactory
  Stream<DynamicTest> everyHostileInputEndsWithAClearReasonAndNothingPushed() throws Exception {
    HostileCases cases = new HostileCases(registry.host(), liar);
    String only = System.getProperty("hostile.only", "");
    return cases.all().stream()
        .filter(c -> (c.category() + ": " + c.name()).contains(only))
        .map(c -> DynamicTest.dynamicTest(c.category() + ": " + c.name(), () -> run(c)));
  }

  private void run(HostileCases.Case c) throws Exception {
    int n = SEQ.incrementAndGet();
    String id = "c" + n;
    Path dir = Files.createDirectories(tmp.resolve(id));
    var run = new HostileCases.Run(id, dir, registry.host(), liar.host());
    c.setup().apply(run);
    Path bare = run.custom ? HostileWorld.seed(dir.resolve("remote.git"), run.files) : shared(run);
    Environment env = run.environment(bare.toUri().toString());
    client.resource(env).create();
    for (var secret : run.secrets) {
      client.resource(secret).create();
    }
    ObjectId before = HostileWorld.tip(bare);
    SystemReader host = SystemReader.getInstance();
    if (run.hostGitConfig != null) {
      SystemReader.setInstance(withUserConfig(host, run.dir, run.hostGitConfig));
    }
    try {
      world.create(id, id, run.image);
      PromotionStatus status = world.reconcile(id);
      if (c.phase() == Phase.Succeeded) {
        assertThat(status.getPhase()).as("message: " + status.getMessage()).isEqualTo(c.phase());
        assertThat(HostileWorld.tip(bare)).isNotEqualTo(before);
      } else {
        world.assertClearRefusal(id, status, c.phase(), c.reason(), run.canaries);
        assertThat(HostileWorld.tip(bare)).as("nothing pushed").isEqualTo(before);
      }
      for (Path marker : run.markers) {
        assertThat(marker).as("a command from the repository or URL ran").doesNotExist();
      }
      run.after.check();
    } finally {
      liar.script(null);
      SystemReader.setInstance(host);
    }
    synchronized (COUNTS) {
      COUNTS.merge(c.category(), 1, Integer::sum);
    }
    // After every case, hostile or not: the operator still serves other environments.
    goodPromotionStillLands(id);
  }

  /** The operator host's git, with {@code text} as the user's ~/.gitconfig. */
  private static SystemReader withUserConfig(SystemReader host, Path dir, String text)
      throws Exception {
    Path file = dir.resolve("host.gitconfig");
    Files.writeString(file, text);
    return new SystemReader.Delegate(host) {
      @Override
      public FileBasedConfig openUserConfig(Config parent, FS fs) {
        return new FileBasedConfig(parent, file.toFile(), fs);
      }
    };
  }

  /** One repository for every case that does not change its files: seeding costs time. */
  private static synchronized Path shared(HostileCases.Run run) throws Exception {
    if (sharedRepo == null) {
      sharedRepo = HostileWorld.seed(tmp.resolve("shared.git"), run.files);
    }
    return sharedRepo;
  }

  /**
   * The operator keeps serving: a verified image lands in another environment. Its repository is
   * shared, and the digest alternates, so that every good promotion pushes a commit.
   */
  private void goodPromotionStillLands(String id) throws Exception {
    String good = id + "-good";
    if (goodRepo == null) {
      goodRepo =
          GitFixture.kustomizeOverlay(
              tmp.resolve("good.git"), List.of(registry.host() + "/acme/api"));
    }
    String digest = goods++ % 2 == 0 ? EvidenceFixtures.SINGLE : EvidenceFixtures.INDEX;
    client
        .resource(
            HostileWorld.environment(
                good, goodRepo.url(), GitFixture.OVERLAY, registry.host() + "/acme/api"))
        .create();
    world.create(good, good, registry.host() + "/acme/api@" + digest);
    PromotionStatus status = world.reconcile(good);
    assertThat(status.getPhase())
        .as("good promotion: " + status.getMessage())
        .isEqualTo(Phase.Succeeded);
    assertThat(goodRepo.file(GitFixture.OVERLAY)).contains("digest: " + digest);
  }
}

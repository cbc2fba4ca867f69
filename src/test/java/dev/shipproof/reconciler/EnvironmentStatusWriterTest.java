package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.EnvironmentStatus;
import dev.shipproof.api.v1alpha1.GitSpec;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.promote.Outcome;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Environment status write after a landing: from the Environment the reconcile already read
 * when nothing changed it since (no second read), and from a fresh read when something did.
 */
@EnableKubernetesMockClient(crud = true)
class EnvironmentStatusWriterTest {
  static final String NS = "payments";
  static final String DIGEST = "sha256:" + "a".repeat(64);

  KubernetesClient client;
  KubernetesMockServer server;

  private final EnvironmentStatusWriter writer =
      new EnvironmentStatusWriter(
          Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC));

  private Environment read;

  @BeforeEach
  void setUp() {
    read = client.resource(environment()).create();
  }

  @Test
  void writesOnTheEnvironmentTheReconcileReadWithoutReadingItAgain() throws Exception {
    int before = server.getRequestCount();

    writer.record(client, promotion(), landed("c1"), null, read);

    assertThat(server.getRequestCount() - before).as("one write, no read").isEqualTo(1);
    assertThat(current().getCurrentCommit()).isEqualTo("c1");
    assertThat(read.getStatus()).as("the reconcile's own object is left alone").isNull();
  }

  @Test
  void readsAgainWhenTheEnvironmentChangedSinceTheReconcileReadIt() throws Exception {
    writer.record(client, promotion(), landed("c1"), null, read);

    // `read` is stale now: its resourceVersion is older than the API's.
    writer.record(client, promotion(), landed("c2"), null, read);

    assertThat(current().getCurrentCommit()).isEqualTo("c2");
  }

  @Test
  void aWriteUnneededOnAStaleReadIsCheckedAgainstTheApi() throws Exception {
    writer.record(client, promotion(), landed("c1"), null, read);
    Environment afterFirst = get();
    writer.record(client, promotion(), landed("c2"), null, get());

    // On `afterFirst` (stale) c1 is already recorded; the API has c2 since.
    writer.record(client, promotion(), landed("c1"), null, afterFirst);

    assertThat(current().getCurrentCommit()).isEqualTo("c1");
  }

  private EnvironmentStatus current() {
    return get().getStatus();
  }

  private Environment get() {
    return client.resources(Environment.class).inNamespace(NS).withName("production").get();
  }

  private static Outcome.Landed landed(String commit) {
    return new Outcome.Landed(DIGEST, commit, false, List.of(), "pushed " + commit);
  }

  private static Environment environment() {
    Environment env = new Environment();
    env.setMetadata(new ObjectMetaBuilder().withName("production").withNamespace(NS).build());
    EnvironmentSpec spec = new EnvironmentSpec();
    GitSpec git = new GitSpec();
    git.setUrl("https://git.example.com/deploy.git");
    git.setBranch("main");
    spec.setGit(git);
    env.setSpec(spec);
    return env;
  }

  private static Promotion promotion() {
    Promotion p = new Promotion();
    p.setMetadata(
        new ObjectMetaBuilder().withName("api-1").withNamespace(NS).withUid("uid-1").build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment("production");
    spec.setImage("registry.example.com/payments/api@" + DIGEST);
    p.setSpec(spec);
    return p;
  }
}

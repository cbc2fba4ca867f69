package dev.shipproof.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Ignore;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two operator replicas with the leader election Shipproof configures ({@link
 * LeaderElectionBeans}), against one API server: only the replica holding the Lease reconciles
 * Promotions (so only it can write to git or status), and when it stops the other takes over.
 */
class LeaderElectionTest {
  static final String NS = "payments";

  KubernetesMockServer api;
  final List<Operator> operators = new CopyOnWriteArrayList<>();
  final List<String> reconciled = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startApi() {
    api =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new GrantingDispatcher(), false);
    api.init(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    operators.forEach(
        o -> {
          try {
            o.stop();
          } catch (RuntimeException ignored) {
            // already stopped
          }
        });
    api.destroy();
  }

  @Test
  void onlyTheReplicaHoldingTheLeaseReconcilesAndTheOtherTakesOverWhenItStops() throws Exception {
    LeaderElectionConfiguration configured =
        LeaderElectionBeans.of(config("shipproof-operator", "shipproof-system"));
    assertThat(configured).isNotNull();
    Operator a = replica("replica-a", configured);
    await().atMost(Duration.ofSeconds(30)).until(() -> lease() != null);
    Operator b = replica("replica-b", configured);
    try (KubernetesClient client = api.createClient()) {
      for (int i = 0; i < 3; i++) {
        client.resource(promotion("p" + i)).create();
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> names().containsAll(Set.of("p0", "p1", "p2")));
      // Give the follower every chance to reconcile too, if it were going to.
      Thread.sleep(1_500);

      assertThat(replicas()).containsExactly("replica-a");
      assertThat(lease()).isEqualTo("replica-a");

      a.stop();
      int before = reconciled.size();
      client.resource(promotion("p3")).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> reconciled.contains("replica-b p3"));

      assertThat(lease()).isEqualTo("replica-b");
      assertThat(reconciled.subList(before, reconciled.size()))
          .allSatisfy(r -> assertThat(r).startsWith("replica-b "));
    }
    assertThat(b).isNotNull();
  }

  private Operator replica(String identity, LeaderElectionConfiguration configured) {
    LeaderElectionConfiguration mine =
        new LeaderElectionConfiguration(
            configured.getLeaseName(),
            configured.getLeaseNamespace().orElseThrow(),
            Duration.ofSeconds(3),
            Duration.ofSeconds(2),
            Duration.ofMillis(200),
            identity,
            new LeaderCallbacks(() -> {}, () -> {}, leader -> {}),
            // The SDK would end the process when leadership is lost; a test keeps its JVM.
            false);
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(api.createClient())
                    .withLeaderElectionConfiguration(mine)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withCloseClientOnStop(true));
    operator.register(
        new Recording(identity, reconciled), c -> c.withName("promotion-" + identity));
    operator.start();
    operators.add(operator);
    return operator;
  }

  private String lease() {
    try (KubernetesClient client = api.createClient()) {
      var lease =
          client.leases().inNamespace("shipproof-system").withName("shipproof-operator").get();
      return lease == null ? null : lease.getSpec().getHolderIdentity();
    }
  }

  private Set<String> names() {
    return reconciled.stream().map(r -> r.split(" ")[1]).collect(Collectors.toSet());
  }

  private Set<String> replicas() {
    return reconciled.stream().map(r -> r.split(" ")[0]).collect(Collectors.toSet());
  }

  private static LeaderElectionConfig config(String name, String namespace) {
    return new LeaderElectionConfig() {
      @Override
      public Optional<String> leaseName() {
        return Optional.of(name);
      }

      @Override
      public Optional<String> leaseNamespace() {
        return Optional.of(namespace);
      }
    };
  }

  private static Promotion promotion(String name) {
    Promotion p = new Promotion();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment("production");
    spec.setImage("localhost:5000/acme/api@sha256:" + "1".repeat(64));
    p.setSpec(spec);
    return p;
  }

  /**
   * Records which replica reconciled which Promotion; writes nothing. {@code @Ignore} keeps the
   * Quarkus extension from registering it in the application the Quarkus tests build.
   */
  @Ignore
  record Recording(String identity, List<String> into) implements Reconciler<Promotion> {
    @Override
    public UpdateControl<Promotion> reconcile(
        Promotion promotion, io.javaoperatorsdk.operator.api.reconciler.Context<Promotion> ctx) {
      into.add(identity + " " + promotion.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
  }

  /**
   * The CRUD mock, answering the SDK's check of its rights on Leases (a SelfSubjectRulesReview,
   * which the mock would only store) with the rules the Helm chart's Role grants.
   */
  static final class GrantingDispatcher extends KubernetesCrudDispatcher {
    @Override
    public MockResponse handleCreate(RecordedRequest request) {
      if (!request.getPath().contains("/selfsubjectrulesreviews")) {
        return super.handleCreate(request);
      }
      return new MockResponse()
          .setResponseCode(201)
          .setBody(
              "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\","
                  + "\"spec\":{},\"status\":{\"incomplete\":false,\"nonResourceRules\":[],"
                  + "\"resourceRules\":[{\"verbs\":[\"get\",\"create\",\"update\"],"
                  + "\"apiGroups\":[\"coordination.k8s.io\"],\"resources\":[\"leases\"]}]}}");
    }
  }
}

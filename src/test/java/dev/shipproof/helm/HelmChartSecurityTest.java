package dev.shipproof.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.helm.Rendered.Rule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Security and wiring properties of the rendered chart, checked on the parsed objects. */
class HelmChartSecurityTest {
  private static List<Map<String, Object>> render(String scenario) {
    return Rendered.parse(HelmChartTest.render(scenario));
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "namespaced", "cluster-wide"})
  void podRunsAsNonRootOnReadOnlyRootWithoutCapabilities(String scenario) {
    var docs = render(scenario);
    Map<String, Object> pod = Rendered.at(Rendered.deployment(docs), "spec.template.spec");
    Map<String, Object> container = Rendered.container(docs);

    assertThat((Object) Rendered.at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
    assertThat((Integer) Rendered.at(pod, "securityContext.runAsUser")).isPositive();
    assertThat((Object) Rendered.at(pod, "securityContext.seccompProfile.type"))
        .isEqualTo("RuntimeDefault");
    assertThat((Object) Rendered.at(container, "securityContext.readOnlyRootFilesystem"))
        .isEqualTo(true);
    assertThat((Object) Rendered.at(container, "securityContext.allowPrivilegeEscalation"))
        .isEqualTo(false);
    assertThat((Object) Rendered.at(container, "securityContext.runAsNonRoot")).isEqualTo(true);
    assertThat((List<String>) Rendered.at(container, "securityContext.capabilities.drop"))
        .containsExactly("ALL");
    assertThat((Object) Rendered.at(container, "securityContext.capabilities.add")).isNull();
    assertThat((Object) Rendered.at(container, "resources.limits.memory")).isNotNull();
    assertThat((Object) Rendered.at(container, "resources.requests.cpu")).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "namespaced", "cluster-wide"})
  void writableDirectoriesAreEmptyDirs(String scenario) {
    var docs = render(scenario);
    Map<String, Object> pod = Rendered.at(Rendered.deployment(docs), "spec.template.spec");
    List<Map<String, Object>> volumes = Rendered.at(pod, "volumes");
    List<Map<String, Object>> mounts = Rendered.at(Rendered.container(docs), "volumeMounts");
    Map<String, String> env = Rendered.env(docs);

    for (String path : List.of("/tmp", env.get("SHIPPROOF_WORK_DIR"))) {
      Map<String, Object> mount =
          mounts.stream().filter(m -> path.equals(m.get("mountPath"))).findFirst().orElseThrow();
      Map<String, Object> volume =
          volumes.stream()
              .filter(v -> v.get("name").equals(mount.get("name")))
              .findFirst()
              .orElseThrow();
      assertThat(volume).as("volume for %s", path).containsKey("emptyDir");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "namespaced", "cluster-wide"})
  void probesAndMetricsUseTheQuarkusEndpointsOnAllInterfaces(String scenario) {
    var docs = render(scenario);
    Map<String, Object> container = Rendered.container(docs);
    Map<String, String> env = Rendered.env(docs);

    assertThat((Object) Rendered.at(container, "livenessProbe.httpGet.path"))
        .isEqualTo("/q/health/live");
    assertThat((Object) Rendered.at(container, "readinessProbe.httpGet.path"))
        .isEqualTo("/q/health/ready");
    assertThat((Object) Rendered.at(container, "livenessProbe.httpGet.port")).isEqualTo("http");
    List<Map<String, Object>> ports = Rendered.at(container, "ports");
    assertThat(ports)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.get("name")).isEqualTo("http");
              assertThat(String.valueOf(p.get("containerPort")))
                  .isEqualTo(env.get("QUARKUS_HTTP_PORT"));
            });
    assertThat(env).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
    assertThat((List<String>) Rendered.at(container, "args")).containsExactly("operator");
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "namespaced", "cluster-wide"})
  void rbacHasNoWildcardsAndNeverListsSecrets(String scenario) {
    List<Rule> rules = Rendered.rules(render(scenario));

    assertThat(rules).isNotEmpty();
    assertThat(rules)
        .allSatisfy(
            r -> {
              assertThat(r.verbs()).doesNotContain("*");
              assertThat(r.resources()).doesNotContain("*");
              assertThat(r.apiGroups()).doesNotContain("*");
              assertThat(r.verbs())
                  .doesNotContain("delete", "deletecollection", "escalate", "bind", "impersonate");
            });
    assertThat(rules)
        .filteredOn(r -> r.covers("", "secrets") || r.covers("", "configmaps"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.verbs()).containsExactly("get"));
    assertThat(rules)
        .as("the operator never writes Promotion or Environment specs")
        .filteredOn(r -> r.covers("shipproof.dev", "promotions"))
        .allSatisfy(r -> assertThat(r.verbs()).containsExactly("get", "list", "watch"));
  }

  @Test
  void defaultInstallIsClusterWideWithOneClusterRole() {
    var docs = render("default");

    assertThat(Rendered.kinds(docs))
        .containsExactlyInAnyOrder(
            "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Service", "Deployment");
    assertThat(Rendered.env(docs))
        .doesNotContainKeys("QUARKUS_OPERATOR_SDK_NAMESPACES", "SHIPPROOF_TRUSTED_ROOT")
        .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
    assertThat((Object) Rendered.at(Rendered.deployment(docs), "spec.strategy.type"))
        .isEqualTo("Recreate");
  }

  @Test
  void namespacedModeGrantsNothingClusterWide() {
    var docs = render("namespaced");
    List<Rule> rules = Rendered.rules(docs);

    assertThat(Rendered.kinds(docs)).doesNotContain("ClusterRole", "ClusterRoleBinding");
    assertThat(rules).allSatisfy(r -> assertThat(r.kind()).isEqualTo("Role"));
    assertThat(Rendered.ofKind(docs, "Role"))
        .extracting(d -> (String) Rendered.at(d, "metadata.namespace"))
        .containsExactlyInAnyOrder("payments", "checkout", "argocd");
    assertThat(Rendered.env(docs))
        .containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "payments,checkout")
        .containsEntry("SHIPPROOF_TRUSTED_ROOT", "/etc/shipproof/trust/trusted_root.json")
        .containsEntry("SHIPPROOF_INSECURE_REGISTRIES", "registry.internal:5000")
        .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
  }

  @Test
  void namespacedModeRestrictsSecretsAndConfigMapsToTheNamedOnes() {
    List<Rule> rules = Rendered.rules(render("namespaced"));

    assertThat(rules)
        .filteredOn(r -> r.covers("", "secrets"))
        .hasSize(2)
        .allSatisfy(
            r -> assertThat(r.resourceNames()).containsExactly("registry-pull", "release-key"));
    assertThat(rules)
        .filteredOn(r -> r.covers("", "configmaps"))
        .allSatisfy(r -> assertThat(r.resourceNames()).containsExactly("sigstore-trusted-root"));
  }

  @Test
  void syncNamespaceGetsOnlyReadAccessToArgoApplications() {
    List<Rule> rules = Rendered.rules(render("namespaced"));

    assertThat(rules)
        .filteredOn(r -> "argocd".equals(r.namespace()))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.covers("argoproj.io", "applications")).isTrue();
              assertThat(r.verbs()).containsExactly("get", "list", "watch");
            });
  }

  @Test
  void trustedRootConfigMapIsMountedReadOnlyWhereTheOperatorLooks() {
    var docs = render("namespaced");
    List<Map<String, Object>> mounts = Rendered.at(Rendered.container(docs), "volumeMounts");

    assertThat(mounts)
        .filteredOn(m -> "trusted-root".equals(m.get("name")))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.get("readOnly")).isEqualTo(true);
              assertThat(Rendered.env(docs).get("SHIPPROOF_TRUSTED_ROOT"))
                  .startsWith(m.get("mountPath") + "/");
            });
  }

  @Test
  void clusterWideModeWithReplicasUsesALeaseInTheReleaseNamespace() {
    var docs = render("cluster-wide");
    List<Rule> rules = Rendered.rules(docs);

    assertThat(rules)
        .filteredOn(r -> r.covers("coordination.k8s.io", "leases"))
        .allSatisfy(
            r -> {
              assertThat(r.kind()).isEqualTo("Role");
              assertThat(r.namespace()).isEqualTo(HelmChartTest.NAMESPACE);
            })
        .anySatisfy(r -> assertThat(r.resourceNames()).containsExactly("shipproof"));
    assertThat(rules)
        .filteredOn(r -> r.kind().equals("ClusterRole"))
        .anySatisfy(
            r -> assertThat(r.covers("kustomize.toolkit.fluxcd.io", "kustomizations")).isTrue());
    assertThat(Rendered.env(docs))
        .containsEntry("SHIPPROOF_LEADER_ELECTION_LEASE_NAME", "shipproof");
    assertThat((Object) Rendered.at(Rendered.deployment(docs), "spec.replicas")).isEqualTo(2);
    assertThat((Object) Rendered.at(Rendered.deployment(docs), "spec.strategy")).isNull();
  }

  @Test
  void bindingsNameTheChartsServiceAccount() {
    var docs = render("namespaced");
    String sa = Rendered.at(Rendered.ofKind(docs, "ServiceAccount").get(0), "metadata.name");

    assertThat(Rendered.ofKind(docs, "RoleBinding"))
        .isNotEmpty()
        .allSatisfy(
            b -> {
              List<Map<String, Object>> subjects = Rendered.at(b, "subjects");
              assertThat(subjects)
                  .singleElement()
                  .satisfies(
                      s -> {
                        assertThat(s.get("name")).isEqualTo(sa);
                        assertThat(s.get("namespace")).isEqualTo(HelmChartTest.NAMESPACE);
                      });
            });
    assertThat(
            (Object)
                Rendered.at(Rendered.deployment(docs), "spec.template.spec.serviceAccountName"))
        .isEqualTo(sa);
  }
}

package dev.shipproof;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: reconciler, cli, demo and config sit on top; promote orchestrates;
 * registry, evidence, gitops and policy know nothing of each other or of Kubernetes; api and model
 * are data.
 */
class ArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void importMain() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.shipproof");
  }

  @Test
  void onlyTheOuterLayersTalkToTheOperatorSdk() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.shipproof.promote..",
            "dev.shipproof.registry..",
            "dev.shipproof.evidence..",
            "dev.shipproof.policy..",
            "dev.shipproof.gitops..",
            "dev.shipproof.model..",
            "dev.shipproof.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.javaoperatorsdk..", "dev.shipproof.reconciler..", "dev.shipproof.cli..")
        .check(classes);
  }

  @Test
  void portsDoNotDependOnEachOther() {
    String[] ports = {
      "dev.shipproof.registry..",
      "dev.shipproof.evidence..",
      "dev.shipproof.gitops..",
      "dev.shipproof.policy.."
    };
    for (String port : ports) {
      String[] others =
          java.util.Arrays.stream(ports).filter(p -> !p.equals(port)).toArray(String[]::new);
      noClasses()
          .that()
          .resideInAPackage(port)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(others)
          .orShould()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.shipproof.promote..", "dev.shipproof.config..", "dev.shipproof.demo..")
          .check(classes);
    }
  }

  @Test
  void cliNeverReachesIntoTheReconciler() {
    noClasses()
        .that()
        .resideInAPackage("dev.shipproof.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.shipproof.reconciler..")
        .check(classes);
  }

  @Test
  void kubernetesClientStaysOutOfTheCore() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.shipproof.promote..",
            "dev.shipproof.registry..",
            "dev.shipproof.evidence..",
            "dev.shipproof.policy..",
            "dev.shipproof.gitops..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.fabric8.kubernetes.client..")
        .check(classes);
  }
}

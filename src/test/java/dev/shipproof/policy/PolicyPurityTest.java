package dev.shipproof.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class PolicyPurityTest {

  @Test
  void policyDependsOnlyOnJdkApiModelAndJackson() {
    var classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.shipproof.policy");

    classes()
        .that()
        .resideInAPackage("dev.shipproof.policy..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "dev.shipproof.policy..",
            "dev.shipproof.api..",
            "dev.shipproof.model..",
            "com.fasterxml.jackson.core..",
            "com.fasterxml.jackson.databind..",
            "dev.cel..")
        .because("the policy is pure: no I/O, no Kubernetes, no sigstore; CEL evaluates conditions")
        .check(classes);
  }
}

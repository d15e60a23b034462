package org.svdd.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Enforces the package direction table of DESIGN.md: who may import whom. */
class PackageDirectionTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.svdd");
  }

  @Test
  void core_importsTheJdkOnly() {
    noClasses().that().resideInAPackage("org.svdd.core..")
        .should().dependOnClassesThat().resideOutsideOfPackages("org.svdd.core..", "java..")
        .check(classes);
  }

  @Test
  void model_importsCoreAndDjlOnly() {
    noClasses().that().resideInAPackage("org.svdd.model..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.svdd.oracle..", "org.svdd.task..", "org.svdd.cluster..", "org.svdd.store..",
            "org.svdd.api..", "org.svdd.cli..", "org.apache.pekko..")
        .check(classes);
  }

  @Test
  void oracle_importsCoreOnly() {
    noClasses().that().resideInAPackage("org.svdd.oracle..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.svdd.model..", "org.svdd.task..", "org.svdd.cluster..", "org.svdd.store..",
            "org.svdd.api..", "org.svdd.cli..", "org.apache.pekko..", "ai.djl..")
        .check(classes);
  }

  @Test
  void task_doesNotReachActorsOrEdges() {
    noClasses().that().resideInAPackage("org.svdd.task..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.svdd.cluster..", "org.svdd.store..", "org.svdd.api..", "org.svdd.cli..", "org.apache.pekko..")
        .check(classes);
  }

  @Test
  void cluster_usesPortsNotNetworksOrEdges() {
    noClasses().that().resideInAPackage("org.svdd.cluster..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.svdd.model..", "org.svdd.oracle..", "org.svdd.store..", "org.svdd.api..", "org.svdd.cli..", "ai.djl..")
        .check(classes);
  }

  /** The engine shares the methods' code in core.method, never the one-thread reference it is tested against. */
  @Test
  void cluster_doesNotRunTheSequentialReference() {
    noClasses().that().resideInAPackage("org.svdd.cluster..")
        .should().dependOnClassesThat().haveFullyQualifiedName("org.svdd.core.method.SequentialSampler")
        .check(classes);
  }

  @Test
  void store_importsCoreOnly() {
    noClasses().that().resideInAPackage("org.svdd.store..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.svdd.model..", "org.svdd.oracle..", "org.svdd.task..", "org.svdd.cluster..",
            "org.svdd.api..", "org.svdd.cli..")
        .check(classes);
  }

  @Test
  void onlyCliReachesTheCli() {
    noClasses().that().resideOutsideOfPackage("org.svdd.cli..")
        .should().dependOnClassesThat().resideInAPackage("org.svdd.cli..")
        .check(classes);
  }
}

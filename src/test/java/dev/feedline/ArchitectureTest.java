package dev.feedline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the package tree an honest diagram: dependencies between components point one way. */
@AnalyzeClasses(packages = "dev.feedline", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule componentsDependOnEachOtherWithoutCycles =
      slices()
          .matching("dev.feedline.(*)..")
          .namingSlices("$1")
          .should()
          .beFreeOfCycles()
          .because("a cycle makes two components one, and neither can change alone");

  @ArchTest
  static final ArchRule controlAndEntitiesNeverReachForTheRestLayer =
      noClasses()
          .that()
          .resideInAnyPackage("..control..", "..entity..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..boundary..", "dev.feedline.api..", "jakarta.ws.rs..")
          .because(
              "the domain refuses with dev.feedline.errors and the boundaries answer in their"
                  + " own terms");

  @ArchTest
  static final ArchRule entitiesNeverUseControl =
      noClasses()
          .that()
          .resideInAPackage("..entity..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("..control..")
          .because("entities are the data that control classes work on, not the other way round");

  @ArchTest
  static final ArchRule refusalsDependOnNothingTechnical =
      classes()
          .that()
          .resideInAPackage("dev.feedline.errors..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "dev.feedline.errors..")
          .because("every component throws them, so they must not pull anything in");
}

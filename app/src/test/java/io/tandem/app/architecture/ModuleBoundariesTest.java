package io.tandem.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the house's shape: everything may use the api and the ot type; only the app may use the other modules;
 * the api itself stays free of Spring, JPA, Elasticsearch and web types, and ot uses nothing but the JDK; the app's
 * own packages depend on each other without cycles.
 */
@AnalyzeClasses(packages = "io.tandem", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    @ArchTest
    static final ArchRule apiDependsOnNoOtherModule = noClasses().that().resideInAPackage("io.tandem.api..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tandem.command..", "io.tandem.projection..",
                    "io.tandem.query..", "io.tandem.app..");

    @ArchTest
    static final ArchRule apiIsFrameworkFree = noClasses().that().resideInAPackage("io.tandem.api..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                    "co.elastic..", "org.elasticsearch..", "jakarta.servlet..", "tools.jackson..");

    @ArchTest
    static final ArchRule otUsesOnlyTheJdk = classes().that().resideInAPackage("io.tandem.ot..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.tandem.ot..", "java..");

    @ArchTest
    static final ArchRule commandSideUsesOnlyTheApi = noClasses().that().resideInAPackage("io.tandem.command..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tandem.projection..", "io.tandem.query..",
                    "io.tandem.app..");

    @ArchTest
    static final ArchRule projectionsUseOnlyTheApi = noClasses().that().resideInAPackage("io.tandem.projection..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tandem.command..", "io.tandem.query..",
                    "io.tandem.app..");

    @ArchTest
    static final ArchRule querySideUsesOnlyTheApi = noClasses().that().resideInAPackage("io.tandem.query..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tandem.command..", "io.tandem.projection..",
                    "io.tandem.app..");

    /**
     * One write path for tasks: only {@code TaskWrites} makes the Task aggregate's commands, so every writer (REST,
     * push, import, sockets, description editing) goes through its checks.
     */
    @ArchTest
    static final ArchRule tasksAreWrittenThroughTaskWrites = noClasses().that().resideInAPackage("io.tandem.app..")
            .and().doNotHaveFullyQualifiedName("io.tandem.app.web.task.TaskWrites")
            .should().callConstructorWhere(new DescribedPredicate<JavaConstructorCall>("a task command's constructor") {
                @Override
                public boolean test(JavaConstructorCall call) {
                    JavaClass owner = call.getTargetOwner();
                    return owner.getPackageName().equals("io.tandem.api.task") && owner.getSimpleName().endsWith("Command");
                }
            });

    /** The same for categories, which live in the Workspace aggregate: only {@code CategoryWrites} makes theirs. */
    @ArchTest
    static final ArchRule categoriesAreWrittenThroughCategoryWrites = noClasses().that().resideInAPackage("io.tandem.app..")
            .and().doNotHaveFullyQualifiedName("io.tandem.app.web.workspace.CategoryWrites")
            .should().callConstructorWhere(new DescribedPredicate<JavaConstructorCall>("a category command's constructor") {
                @Override
                public boolean test(JavaConstructorCall call) {
                    JavaClass owner = call.getTargetOwner();
                    return owner.getPackageName().equals("io.tandem.api.workspace")
                            && owner.getSimpleName().endsWith("CategoryCommand");
                }
            });

    /** Inside the app, no package cycles: each of its packages (web, security, account, live...) builds on others. */
    @ArchTest
    static final ArchRule appPackagesAreFreeOfCycles = slices().matching("io.tandem.app.(*)..").should().beFreeOfCycles();
}

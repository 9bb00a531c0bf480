package com.offloadnic.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The package contracts of docs/ARCHITECTURE.md: the core knows nothing of Spring, and every import points down
 * (api > nic > ipsec/lso > packet/crypto; tenant stands apart from the NIC side).
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.offloadnic");
    }

    @Test
    void core_importsNothingFromSpring() {
        noClasses().that().resideInAnyPackage("com.offloadnic.packet..", "com.offloadnic.crypto..",
                        "com.offloadnic.ipsec..", "com.offloadnic.lso..", "com.offloadnic.nic..", "com.offloadnic.tenant..",
                        "com.offloadnic.cbor..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void core_importsNothingOfHttpOrJson() {
        noClasses().that().resideInAnyPackage("com.offloadnic.packet..", "com.offloadnic.crypto..",
                        "com.offloadnic.ipsec..", "com.offloadnic.lso..", "com.offloadnic.nic..", "com.offloadnic.tenant..",
                        "com.offloadnic.cbor..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "tools.jackson..",
                        "com.fasterxml.jackson..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void everyImportPointsDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("api").definedBy("com.offloadnic.api..")
                .layer("config").definedBy("com.offloadnic.config..")
                .layer("nic").definedBy("com.offloadnic.nic..")
                .layer("ipsec").definedBy("com.offloadnic.ipsec..")
                .layer("lso").definedBy("com.offloadnic.lso..")
                .layer("packet").definedBy("com.offloadnic.packet..")
                .layer("crypto").definedBy("com.offloadnic.crypto..")
                .layer("tenant").definedBy("com.offloadnic.tenant..")
                .layer("cbor").definedBy("com.offloadnic.cbor..")
                .whereLayer("api").mayNotBeAccessedByAnyLayer()
                .whereLayer("config").mayOnlyBeAccessedByLayers("api")
                .whereLayer("nic").mayOnlyBeAccessedByLayers("api", "config")
                .whereLayer("ipsec").mayOnlyBeAccessedByLayers("nic", "lso", "api", "config")
                .whereLayer("lso").mayOnlyBeAccessedByLayers("nic", "ipsec", "api", "config")
                .whereLayer("packet").mayOnlyBeAccessedByLayers("ipsec", "lso", "nic", "api", "config")
                .whereLayer("crypto").mayOnlyBeAccessedByLayers("ipsec", "lso", "nic", "api", "config")
                .whereLayer("tenant").mayOnlyBeAccessedByLayers("nic", "api", "config")
                .whereLayer("cbor").mayOnlyBeAccessedByLayers("api")
                .check(classes);
    }

    @Test
    void tenant_isIndependentOfTheNicSide() {
        noClasses().that().resideInAPackage("com.offloadnic.tenant..")
                .should().dependOnClassesThat().resideInAnyPackage("com.offloadnic.nic..", "com.offloadnic.ipsec..",
                        "com.offloadnic.lso..", "com.offloadnic.packet..", "com.offloadnic.crypto..")
                .check(classes);
    }

    @Test
    void packetAndCrypto_importNothingOfOurs() {
        noClasses().that().resideInAPackage("com.offloadnic.packet..")
                .should().dependOnClassesThat().resideInAnyPackage("com.offloadnic.crypto..", "com.offloadnic.ipsec..",
                        "com.offloadnic.lso..", "com.offloadnic.nic..", "com.offloadnic.tenant..", "com.offloadnic.api..",
                        "com.offloadnic.config..")
                .allowEmptyShould(true)
                .check(classes);
        noClasses().that().resideInAPackage("com.offloadnic.crypto..")
                .should().dependOnClassesThat().resideInAnyPackage("com.offloadnic.packet..", "com.offloadnic.ipsec..",
                        "com.offloadnic.lso..", "com.offloadnic.nic..", "com.offloadnic.tenant..", "com.offloadnic.api..",
                        "com.offloadnic.config..")
                .check(classes);
    }

    @Test
    void lso_importsOnlyPacketOfOurs() {
        noClasses().that().resideInAPackage("com.offloadnic.lso..")
                .should().dependOnClassesThat().resideInAnyPackage("com.offloadnic.ipsec..", "com.offloadnic.crypto..",
                        "com.offloadnic.nic..", "com.offloadnic.tenant..", "com.offloadnic.api..", "com.offloadnic.config..")
                .check(classes);
    }

    @Test
    void cbor_importsNothingOfOurs() {
        noClasses().that().resideInAPackage("com.offloadnic.cbor..")
                .should().dependOnClassesThat().resideInAnyPackage("com.offloadnic.api..", "com.offloadnic.config..",
                        "com.offloadnic.nic..", "com.offloadnic.ipsec..", "com.offloadnic.lso..", "com.offloadnic.packet..",
                        "com.offloadnic.crypto..", "com.offloadnic.tenant..")
                .check(classes);
    }

    @Test
    void bouncyCastle_isATestOracleOnly() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.bouncycastle..")
                .because("BouncyCastle is the independent implementation tests check against; JCE is the hot path")
                .check(classes);
    }
}

package com.offloadnic.lso;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** packet/ and lso/ are core: no Spring, and every import points down (lso → packet, packet → nothing of ours). */
class CorePackagesArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.offloadnic.packet", "com.offloadnic.lso");

    @Test
    void packetAndLso_importNothingOfSpring() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
                .check(CORE);
    }

    @Test
    void packet_importsNothingElseOfOurs() {
        noClasses().that().resideInAPackage("com.offloadnic.packet..").should().dependOnClassesThat()
                .resideInAnyPackage("com.offloadnic.lso..", "com.offloadnic.ipsec..", "com.offloadnic.crypto..",
                        "com.offloadnic.nic..", "com.offloadnic.api..", "com.offloadnic.tenant..",
                        "com.offloadnic.config..")
                .check(CORE);
    }

    @Test
    void lso_importsOnlyPacketOfOurs() {
        noClasses().that().resideInAPackage("com.offloadnic.lso..").should().dependOnClassesThat()
                .resideInAnyPackage("com.offloadnic.ipsec..", "com.offloadnic.crypto..", "com.offloadnic.nic..",
                        "com.offloadnic.api..", "com.offloadnic.tenant..", "com.offloadnic.config..")
                .check(CORE);
    }
}

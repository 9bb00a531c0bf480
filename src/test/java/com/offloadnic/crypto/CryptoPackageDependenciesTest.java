package com.offloadnic.crypto;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** crypto/ is a floor of the core: no Spring, nothing of ours above it, no BouncyCastle on the hot path. */
class CryptoPackageDependenciesTest {

    @Test
    void cryptoPackage_dependsOnNeitherSpringNorBouncyCastleNorOtherOffloadNicPackages() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.offloadnic.crypto");
        noClasses().that().resideInAPackage("com.offloadnic.crypto..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.bouncycastle..",
                        "com.offloadnic.packet..", "com.offloadnic.ipsec..", "com.offloadnic.lso..",
                        "com.offloadnic.nic..", "com.offloadnic.api..", "com.offloadnic.tenant..",
                        "com.offloadnic.config..")
                .check(classes);
    }
}

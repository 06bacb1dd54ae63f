package io.socialsync.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import io.socialsync.ingest.platform.fakeone.FakeOnePlatform;
import io.socialsync.ingest.platform.fakeone.FakeOneUsesFakeTwo;
import io.socialsync.ingest.platform.fakeone.FakeOneUsesMeta;
import io.socialsync.ingest.platform.whatsapp.FakeWhatsAppUsesMeta;
import io.socialsync.ingest.webhook.FakePipelineUsesPlatform;
import io.socialsync.model.FakeModelUsesService;
import io.socialsync.responder.reply.FakeResponderUsesIngest;

/**
 * The architecture rules over every module's compiled production code, and each rule against a small class made to
 * break it (under {@code src/test}), so that a rule which could never fail would show.
 */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionCode() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.socialsync");
        for (String service : ArchitectureRules.SERVICES) {
            assertTrue(production.containPackage("io.socialsync." + service),
                    "the " + service + " service's classes are on the class path");
        }
        assertTrue(production.containPackage("io.socialsync.ingest.platform.telegram"), "Telegram is imported");
    }

    static Stream<ArchRule> rules() {
        return Stream.of(ArchitectureRules.PIPELINES_IMPORT_NO_PLATFORM,
                ArchitectureRules.PLATFORMS_NEVER_IMPORT_EACH_OTHER,
                ArchitectureRules.SHARED_MODULES_IMPORT_NO_SERVICE,
                ArchitectureRules.SERVICES_NEVER_IMPORT_EACH_OTHER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void theProductionCodeKeepsTheRule(ArchRule rule) {
        rule.check(production);
    }

    @Test
    void aPipelineClassImportingAPlatformBreaksTheRule() {
        assertTrue(violates(ArchitectureRules.PIPELINES_IMPORT_NO_PLATFORM, FakePipelineUsesPlatform.class,
                FakeOnePlatform.class));
    }

    @Test
    void aPlatformImportingAnotherBreaksTheRuleButAMetaPlatformMayImportMetasSharedCode() {
        assertTrue(violates(ArchitectureRules.PLATFORMS_NEVER_IMPORT_EACH_OTHER, FakeOneUsesFakeTwo.class,
                io.socialsync.ingest.platform.faketwo.FakeTwoPlatform.class));
        assertTrue(violates(ArchitectureRules.PLATFORMS_NEVER_IMPORT_EACH_OTHER, FakeOneUsesMeta.class,
                io.socialsync.ingest.platform.meta.FakeMetaShared.class),
                "only WhatsApp and Instagram use Meta's code");
        assertFalse(violates(ArchitectureRules.PLATFORMS_NEVER_IMPORT_EACH_OTHER, FakeWhatsAppUsesMeta.class,
                io.socialsync.ingest.platform.meta.FakeMetaShared.class));
    }

    @Test
    void sharedModelImportingAServiceBreaksTheRule() {
        assertTrue(violates(ArchitectureRules.SHARED_MODULES_IMPORT_NO_SERVICE, FakeModelUsesService.class,
                FakePipelineUsesPlatform.class));
    }

    @Test
    void aServiceImportingAnotherBreaksTheRule() {
        assertTrue(violates(ArchitectureRules.SERVICES_NEVER_IMPORT_EACH_OTHER, FakeResponderUsesIngest.class,
                FakePipelineUsesPlatform.class));
    }

    private static boolean violates(ArchRule rule, Class<?>... classes) {
        JavaClasses imported = new ClassFileImporter().importClasses(List.of(classes));
        return rule.evaluate(imported).hasViolation();
    }
}

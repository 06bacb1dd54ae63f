package io.socialsync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/**
 * The rules that keep a platform an adapter: adding one (Telegram, next Discord) touches its own packages only.
 *
 * <ul>
 * <li>A service's pipeline (every package outside {@code platform.<name>}) never imports a platform package.</li>
 * <li>Platforms never import each other; WhatsApp and Instagram may import Meta's shared code (ingest
 * {@code platform.meta}, responder {@code platform.graph}).</li>
 * <li>{@code shared-model}, {@code token-crypto} and {@code reactive-support} import no service; services never import
 * each other.</li>
 * </ul>
 * The responder's {@code platform} package itself ({@code ReplyChannel}, {@code PacedSender}, …) and
 * {@code platform.limits} are the pipeline's side of the seam, not a platform.
 */
final class ArchitectureRules {

    static final List<String> SERVICES = List.of("ingest", "batcher", "responder");
    /** Packages under {@code platform} that belong to no single platform. */
    private static final Set<String> COMMON_PLATFORM_PACKAGES = Set.of("limits");
    /** Meta's code shared by WhatsApp and Instagram, per service. */
    private static final Set<String> META_SHARED = Set.of("meta", "graph");
    private static final Set<String> META_PLATFORMS = Set.of("whatsapp", "instagram");

    private ArchitectureRules() {
    }

    /** The name of the platform package a class lives in ({@code whatsapp}, {@code meta}, …), or null. */
    static String platformOf(JavaClass type) {
        var matcher = Pattern.compile("io\\.socialsync\\.(?:" + String.join("|", SERVICES)
                + ")\\.platform\\.([^.]+)(?:\\..*)?").matcher(type.getPackageName());
        if (!matcher.matches() || COMMON_PLATFORM_PACKAGES.contains(matcher.group(1))) {
            return null;
        }
        return matcher.group(1);
    }

    private static boolean isOneOf(String platform, Set<String> names) {
        return platform != null && names.contains(platform);
    }

    private static DescribedPredicate<JavaClass> inAPlatform() {
        return DescribedPredicate.describe("in a platform package", type -> platformOf(type) != null);
    }

    private static DescribedPredicate<JavaClass> inAService() {
        return DescribedPredicate.describe("in a service",
                type -> SERVICES.stream().anyMatch(service -> type.getPackageName().startsWith(
                        "io.socialsync." + service + ".") || type.getPackageName().equals("io.socialsync." + service)));
    }

    static final ArchRule PIPELINES_IMPORT_NO_PLATFORM = noClasses().that(inAService())
            .and(DescribedPredicate.not(inAPlatform())).should().dependOnClassesThat(inAPlatform())
            .as("pipeline packages never import a platform package");

    /** Slices per service and platform; a Meta platform's use of Meta's shared package is allowed. */
    static final ArchRule PLATFORMS_NEVER_IMPORT_EACH_OTHER = CompositeArchRule.of(SERVICES.stream()
            .map(service -> (ArchRule) slices().matching("io.socialsync." + service + ".platform.(*)..")
                    .should().notDependOnEachOther()
                    .ignoreDependency(DescribedPredicate.describe("a WhatsApp or Instagram class",
                            (JavaClass origin) -> isOneOf(platformOf(origin), META_PLATFORMS)),
                            DescribedPredicate.describe("Meta's shared package",
                                    (JavaClass target) -> isOneOf(platformOf(target), META_SHARED)))
                    .ignoreDependency(DescribedPredicate.alwaysTrue(), DescribedPredicate.describe(
                            "the common platform packages", (JavaClass target) -> platformOf(target) == null))
                    .allowEmptyShould(true))
            .toList()).as("platforms never import each other (WhatsApp and Instagram may import Meta's shared code)");

    static final ArchRule SHARED_MODULES_IMPORT_NO_SERVICE = noClasses()
            .that().resideInAnyPackage("io.socialsync.model..", "io.socialsync.crypto..", "io.socialsync.reactive..")
            .should().dependOnClassesThat(inAService())
            .as("shared-model, token-crypto and reactive-support import no service");

    static final ArchRule SERVICES_NEVER_IMPORT_EACH_OTHER = CompositeArchRule.of(SERVICES.stream()
            .map(service -> (ArchRule) noClasses().that().resideInAPackage("io.socialsync." + service + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(SERVICES.stream()
                            .filter(other -> !other.equals(service)).map(other -> "io.socialsync." + other + "..")
                            .toArray(String[]::new))
                    .allowEmptyShould(true))
            .toList()).as("services never import each other");
}

package io.socialsync.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * {@code deploy/observability/}: the alert and recording rules pass {@code promtool check rules} (skipped, saying so,
 * where promtool is not installed: {@code .ci/install-test-tools}), the {@code PrometheusRule} manifest holds exactly
 * the rule file's groups, the rules alert on what the issue asks for, and the dashboard has a row per stage whose
 * panels query only our metrics and recording rules. That the services expose every queried metric is checked
 * against the running services by {@code deploy/local}'s ObservabilityIT.
 */
class ObservabilityAsCodeTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RECORDING_RULE = Pattern.compile("\\bsocialsync:[a-z0-9_:]+");

    private static Path observability() {
        return Repository.root().resolve("deploy/observability");
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        String promtool = promtool();
        assumeTrue(promtool != null, "promtool is not installed (Debian: prometheus): the rules are not checked by "
                + "promtool here");
        Process process = new ProcessBuilder(promtool, "check", "rules",
                observability().resolve("socialsync-rules.yml").toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool timed out");
        assertEquals(0, process.exitValue(), "promtool check rules failed:\n" + output);
        assertTrue(output.contains("SUCCESS"), output);
    }

    @Test
    void thePrometheusRuleManifestHoldsExactlyTheRuleFilesGroups() throws Exception {
        JsonNode file = YAML.readTree(observability().resolve("socialsync-rules.yml").toFile());
        JsonNode manifest = YAML.readTree(observability().resolve("prometheus-rule.yaml").toFile());

        assertEquals("monitoring.coreos.com/v1", manifest.path("apiVersion").asText());
        assertEquals("PrometheusRule", manifest.path("kind").asText());
        assertEquals(file.path("groups"), manifest.path("spec").path("groups"),
                "prometheus-rule.yaml is socialsync-rules.yml's groups: change both together");
    }

    @Test
    void theRulesAlertOnWhatAnOperatorMustHearAbout() throws Exception {
        JsonNode groups = YAML.readTree(observability().resolve("socialsync-rules.yml").toFile()).path("groups");
        Set<String> alerts = new TreeSet<>();
        Set<String> recorded = new TreeSet<>();
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    alerts.add(rule.path("alert").asText());
                    assertTrue(rule.path("annotations").has("summary"), rule.toString());
                    assertTrue(rule.path("labels").has("severity"), rule.toString());
                } else {
                    recorded.add(rule.path("record").asText());
                }
            }
        }
        assertTrue(alerts.containsAll(Set.of("SocialSyncBatchLatenessHigh", "SocialSyncConversationFailureRateHigh",
                "SocialSyncDeadLetters", "SocialSyncForgedSignatureSpike", "SocialSyncAccountNeedsReconnection",
                "SocialSyncTenantsLowOnCredits", "SocialSyncAiErrors")), alerts.toString());
        assertTrue(recorded.contains("socialsync:conversations_success_ratio:rate5m"), "success rate is recorded");
        // A recording rule used by an alert or a panel must be one of ours.
        assertTrue(recorded.containsAll(recordingRulesIn(Files.readString(observability().resolve(
                "socialsync-rules.yml")))), "every recording rule queried is defined");
    }

    @Test
    void theDashboardHasARowPerStageAndQueriesOnlyOurMetricsAndRules() throws Exception {
        String text = Files.readString(observability().resolve("grafana-dashboard.json"));
        JsonNode dashboard = JSON.readTree(text);
        List<String> rows = new ArrayList<>();
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                rows.add(panel.path("title").asText());
            }
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
        }
        assertEquals(List.of("Ingest", "Batching", "Replies", "Sending", "AI", "Credits"), rows);
        assertTrue(expressions.size() >= 20, "panels with queries: " + expressions.size());
        for (String expression : expressions) {
            assertTrue(expression.contains("socialsync_") || expression.contains("socialsync:"), expression);
        }
        Set<String> recorded = new TreeSet<>();
        for (JsonNode group : YAML.readTree(observability().resolve("socialsync-rules.yml").toFile())
                .path("groups")) {
            group.path("rules").forEach(rule -> recorded.add(rule.path("record").asText()));
        }
        assertTrue(recorded.containsAll(recordingRulesIn(text)),
                "the dashboard reads only recording rules that the rule file defines: " + recordingRulesIn(text));
    }

    private static Set<String> recordingRulesIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = RECORDING_RULE.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    private static String promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}

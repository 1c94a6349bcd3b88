package dev.aftermath.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/info} (authenticated) shows what this node renders and runs with, so that an operator can compare
 * nodes: a SHA-256 of the message templates, of the quality rules and of the insights targets (each from the shared
 * directory or file when it exists, else from the copy packaged in the jar: the answer says which), and the latest
 * version of every deployed diagram and decision table with a hash of its XML. {@code fingerprint} hashes it all: two
 * nodes with the same fingerprint render, check and run alike.
 */
@Component
public class NodeFingerprint implements InfoContributor {

    private final RepositoryService repository;
    private final String templatesDir;
    private final String rulesFile;
    private final String targetsFile;
    private final String nodeId;
    private final SystemCalls system;

    public NodeFingerprint(RepositoryService repository, SystemCalls system,
                           @Value("${aftermath.templates.dir:templates}") String templatesDir,
                           @Value("${aftermath.quality.rules-file:processes/quality-rules.json}") String rulesFile,
                           @Value("${aftermath.insights.targets-file:processes/insights-targets.json}") String targetsFile,
                           @Value("${aftermath.node-id:}") String nodeId) {
        this.repository = repository;
        this.system = system;
        this.templatesDir = templatesDir;
        this.rulesFile = rulesFile;
        this.targetsFile = targetsFile;
        this.nodeId = nodeId;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("aftermath", fingerprint());
    }

    public Map<String, Object> fingerprint() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("node", nodeId == null || nodeId.isBlank()
                ? java.lang.management.ManagementFactory.getRuntimeMXBean().getName() : nodeId);
        Map<String, Object> templates = tree(templatesDir, "templates");
        Map<String, Object> rules = file(rulesFile, "processes/quality-rules.json");
        Map<String, Object> targets = file(targetsFile, "processes/insights-targets.json");
        // what is deployed, whoever asks (the caller's grants need not cover every definition)
        Map<String, Object> diagrams = system.call(this::diagrams);
        result.put("fingerprint", sha256(templates.get("sha256") + "|" + rules.get("sha256") + "|"
                + targets.get("sha256") + "|" + diagrams.get("sha256")));
        result.put("templates", templates);
        result.put("qualityRules", rules);
        result.put("insightsTargets", targets);
        result.put("diagrams", diagrams);
        return result;
    }

    /** Every file under the directory, else every packaged resource under the classpath folder, by relative path. */
    private static Map<String, Object> tree(String dir, String classpathFolder) {
        TreeMap<String, String> hashes = new TreeMap<>();
        Path root = Path.of(dir).toAbsolutePath().normalize();
        String source;
        if (Files.isDirectory(root)) {
            source = "directory " + root;
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    hashes.put(root.relativize(p).toString().replace('\\', '/'), sha256(Files.readAllBytes(p)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            source = "packaged";
            try {
                for (Resource r : new PathMatchingResourcePatternResolver()
                        .getResources("classpath*:" + classpathFolder + "/**/*")) {
                    if (!r.isReadable()) {
                        continue;
                    }
                    String url = r.getURL().toString();
                    int at = url.lastIndexOf(classpathFolder + "/");
                    try (InputStream in = r.getInputStream()) {
                        hashes.put(url.substring(at + classpathFolder.length() + 1), sha256(in.readAllBytes()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        StringBuilder all = new StringBuilder();
        hashes.forEach((k, v) -> all.append(k).append('=').append(v).append('\n'));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("files", hashes.size());
        m.put("sha256", sha256(all.toString()));
        return m;
    }

    private static Map<String, Object> file(String file, String packaged) {
        Path path = Path.of(file).toAbsolutePath().normalize();
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            if (Files.isRegularFile(path)) {
                m.put("source", "file " + path);
                m.put("sha256", sha256(Files.readAllBytes(path)));
            } else {
                m.put("source", "packaged");
                try (InputStream in = NodeFingerprint.class.getClassLoader().getResourceAsStream(packaged)) {
                    m.put("sha256", in == null ? "missing" : sha256(in.readAllBytes()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    private Map<String, Object> diagrams() {
        Map<String, Object> versions = new TreeMap<>();
        StringBuilder all = new StringBuilder();
        for (ProcessDefinition d : repository.createProcessDefinitionQuery().latestVersion().list()) {
            String hash = resourceHash(d.getDeploymentId(), d.getResourceName());
            versions.put(d.getKey(), version(d.getVersion(), hash));
        }
        for (DecisionDefinition d : repository.createDecisionDefinitionQuery().latestVersion().list()) {
            String hash = resourceHash(d.getDeploymentId(), d.getResourceName());
            versions.put(d.getKey(), version(d.getVersion(), hash));
        }
        versions.forEach((k, v) -> all.append(k).append('=').append(v).append('\n'));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sha256", sha256(all.toString()));
        m.put("latest", versions);
        return m;
    }

    /** In a fixed order: the fingerprint hashes this map's text. */
    private static Map<String, Object> version(int version, String hash) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("sha256", hash);
        return m;
    }

    private String resourceHash(String deploymentId, String resourceName) {
        try (InputStream in = repository.getResourceAsStream(deploymentId, resourceName)) {
            return sha256(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

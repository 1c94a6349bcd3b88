package dev.aftermath.chat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The channel mapping, read from {@code aftermath.chat.channels-file} (default {@code processes/chat-channels.json},
 * else the copy on the class path) and read again when the file changes. {@code ${NAME:default}} in the file is
 * resolved against the environment (webhook URLs are secrets).
 */
@Component
public class ChatChannels {

    private final ObjectMapper mapper;
    private final Environment environment;
    private final Path file;
    private volatile long loadedModified = Long.MIN_VALUE;
    private volatile ChatRouting loaded;
    private volatile ChatRouting replaced;

    public ChatChannels(ObjectMapper mapper, Environment environment,
                        @Value("${aftermath.chat.channels-file:processes/chat-channels.json}") String file) {
        this.mapper = mapper;
        this.environment = environment;
        this.file = Path.of(file).toAbsolutePath().normalize();
    }

    public ChatRouting routing() {
        ChatRouting r = replaced;
        if (r != null) {
            return r;
        }
        try {
            if (Files.isRegularFile(file)) {
                long modified = Files.getLastModifiedTime(file).toMillis();
                if (loaded == null || modified != loadedModified) {
                    loaded = parse(mapper.readTree(file.toFile()));
                    loadedModified = modified;
                }
                return loaded;
            }
            if (loaded == null) {
                try (InputStream in = new ClassPathResource("processes/chat-channels.json").getInputStream()) {
                    loaded = parse(mapper.readTree(in));
                }
            }
            return loaded;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the chat channel mapping " + file, e);
        }
    }

    /** Parses a mapping in this file's format, placeholders resolved against the environment. */
    public ChatRouting parse(JsonNode root) {
        return ChatRouting.parse(root, environment::resolvePlaceholders);
    }

    /** Uses this mapping instead of the file's (a test's stub channels); {@code null} goes back to the file. */
    public void replace(ChatRouting routing) {
        this.replaced = routing;
    }
}
